"""`webx test`: the runner, its reports and its exit status (docs/testing.md).

Runs the real binary on fixture projects (tests/e2e/projects/testing*, copied
to a temporary folder), on every case of the golden corpus that has test
blocks, and on every project in examples/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

from webx_server import PROJECTS, WEBX_BINARY

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def webx(*args, cwd=None):
    return subprocess.run([WEBX_BINARY, *map(str, args)], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=cwd, env={**os.environ, "NO_COLOR": "1"})


def in_project(fixture, command, *args):
    """`webx COMMAND . ARGS` run in the fixture's folder, so paths print relative to it."""
    return webx(command, ".", *args, cwd=fixture.root)


class Fixture:
    """tests/e2e/projects/NAME copied into a temporary folder."""

    def __init__(self, name: str):
        self.tmp = Path(tempfile.mkdtemp(prefix=f"webx-test-{name}-"))
        self.root = self.tmp / name
        shutil.copytree(PROJECTS / name, self.root)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def summary(stdout: str) -> tuple[int, int]:
    m = re.search(r"^(\d+) passed, (\d+) failed \(\d+ ms\)$", stdout, re.M)
    assert m, f"no summary line in:\n{stdout}"
    return int(m.group(1)), int(m.group(2))


class PassingProject(unittest.TestCase):
    def setUp(self):
        self.fixture = Fixture("testing")
        self.addCleanup(self.fixture.cleanup)

    def test_all_pass_and_exit_zero(self):
        r = in_project(self.fixture, "test")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(summary(r.stdout), (6, 0))
        # Modules head their tests; every test has a line.
        self.assertIn("webx/notes_test.webx\n  ✓ a note is created and listed (", r.stdout)
        self.assertIn("webx/other_test.webx\n  ✓ each file has a fresh runtime (", r.stdout)
        self.assertIn("✓ cookies make a session", r.stdout)

    def test_filter_selects_by_name(self):
        r = in_project(self.fixture, "test", "--filter", "cookie")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(summary(r.stdout), (2, 0))
        self.assertNotIn("note is created", r.stdout)

    def test_filter_matching_nothing_is_an_error(self):
        r = in_project(self.fixture, "test", "--filter", "no such test")
        self.assertEqual(r.returncode, 1)
        self.assertIn('no test name contains "no such test" (6 tests in the project)', r.stderr)

    def test_runs_from_the_project_folder_by_default(self):
        r = webx("test", cwd=self.fixture.root / "webx")  # found in a parent folder
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(summary(r.stdout), (6, 0))

    def test_junit_to_a_file(self):
        out = self.fixture.tmp / "report.xml"
        r = in_project(self.fixture, "test", "--reporter", "junit", "--out", out)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(summary(r.stdout), (6, 0))  # the console report still goes to stdout
        root = ET.parse(out).getroot()
        self.assertEqual(root.tag, "testsuites")
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("errors")), ("6", "0", "0"))
        suites = root.findall("testsuite")
        self.assertEqual([s.get("name") for s in suites], ["webx/notes_test.webx", "webx/other_test.webx"])
        self.assertEqual([s.get("tests") for s in suites], ["5", "1"])
        case = suites[0].find("testcase")
        self.assertEqual(case.get("name"), "a note is created and listed")
        self.assertEqual(case.get("line"), "1")
        self.assertEqual(list(case), [])

    def test_project_without_tests(self):
        for f in (self.fixture.root / "webx").glob("*_test.webx"):
            f.unlink()
        r = in_project(self.fixture, "test")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("no tests found", r.stdout)
        self.assertEqual(summary(r.stdout), (0, 0))


class FailingProject(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fixture = Fixture("testing-fail")
        cls.run_result = in_project(cls.fixture, "test")

    @classmethod
    def tearDownClass(cls):
        cls.fixture.cleanup()

    def failure(self, name: str) -> str:
        """The report of the failed test `name`: from its diagnostic line to the next one."""
        out = self.run_result.stdout
        m = re.search(r'^webx/fail_test\.webx:\d+:\d+: error: test "' + re.escape(name) + r'" failed:.*?(?=^\S|\Z)',
                      out, re.M | re.S)
        self.assertIsNotNone(m, f"no failure report for {name!r} in:\n{out}")
        return m.group(0)

    def test_exit_status_and_summary(self):
        self.assertEqual(self.run_result.returncode, 1)
        self.assertEqual(summary(self.run_result.stdout), (1, 6))
        self.assertIn("  ✓ passes (", self.run_result.stdout)
        self.assertIn("  ✗ wrong status (", self.run_result.stdout)

    def test_expectation_failure_shows_step_request_and_response(self):
        text = self.failure("wrong status")
        self.assertTrue(text.startswith('webx/fail_test.webx:8:3: error: test "wrong status" failed: '
                                        'expected status to equal 201\n'), text)
        self.assertIn(" 8 |   expect status 201\n", text)   # the source line
        self.assertIn("   |   ^~~~~~\n", text)             # and a caret under `expect`
        self.assertIn("expected: 201\n", text)
        self.assertIn("actual: 200\n", text)
        self.assertIn("request: GET /ping\n", text)
        self.assertIn("response: 200 OK\n", text)
        self.assertRegex(text, r"\n\s+pong\n")

    def test_equality_failure_has_a_diff(self):
        text = self.failure("deep difference")
        self.assertIn("diff: - expected, + actual", text)
        self.assertRegex(text, r'\n\s+- +"three"\n\s+\+ +"two"\n')
        # Lines both sides share are shown unmarked (the keys came in the order sent).
        self.assertRegex(text, r'\n {13}[ ]*"title": "x",\n')
        self.assertIn('request: GET /notes\n', text)

    def test_server_errors_are_visible(self):
        text = self.failure("a handler throws")
        self.assertIn("actual: 500", text)
        self.assertIn("Error: kaboom", text)      # the dev error page, trimmed
        self.assertIn("webx: error: GET /boom: Error: kaboom", self.run_result.stderr)

    def test_a_throwing_expression_fails_at_its_step(self):
        text = self.failure("an expression throws")
        self.assertIn(":24:3: error: test \"an expression throws\" failed: TypeError: ", text)
        self.assertIn("let n = json.nothing.deeper", text)

    def test_impossible_comparison_explains_itself(self):
        text = self.failure("regex on a number")
        self.assertIn("note: `matches` needs a string, not a number", text)

    def test_a_malformed_request_is_not_sent(self):
        text = self.failure("a target with a space")
        self.assertIn("the request target `/notes?q=a b` has a space or control character; "
                      "percent-encode it (encodeURIComponent)", text)

    def test_junit_marks_failures_and_errors(self):
        r = in_project(self.fixture, "test", "--reporter", "junit")
        self.assertEqual(r.returncode, 1)
        root = ET.fromstring(r.stdout)  # XML alone on stdout; the console report went to stderr
        self.assertIn("1 passed, 6 failed", r.stderr)
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("errors")), ("7", "4", "2"))
        cases = {c.get("name"): c for c in root.iter("testcase")}
        failure = cases["wrong status"].find("failure")
        self.assertEqual(failure.get("message"), "expected status to equal 201")
        self.assertIn("webx/fail_test.webx:8:3:", failure.text)
        self.assertIn("actual: 200", failure.text)
        self.assertIsNotNone(cases["an expression throws"].find("error"))
        self.assertEqual(list(cases["passes"]), [])


class BuildErrors(unittest.TestCase):
    def setUp(self):
        self.fixture = Fixture("testing")
        self.addCleanup(self.fixture.cleanup)

    def test_syntax_error_in_a_test_block_is_a_build_diagnostic(self):
        self.fixture.write("webx/broken_test.webx", 'test "broken" {\n  get /notes\n  expect json ==\n}\n')
        for command in ("build", "test"):
            r = in_project(self.fixture, command)
            self.assertEqual(r.returncode, 1, command)
            self.assertRegex(r.stderr, r"webx/broken_test\.webx:4:1: error: ", command)
            self.assertNotIn("passed", r.stdout)


def golden_cases():
    """(name, staged project dir) for every valid golden case that has tests."""
    tmp = Path(tempfile.mkdtemp(prefix="webx-test-golden-"))
    cases = []
    for case in sorted((REPO / "tests" / "golden" / "valid").iterdir()):
        if case.name.endswith(".ir.json"):
            continue
        dest = tmp / case.stem
        if case.is_dir():
            shutil.copytree(case, dest)
        else:
            (dest / "webx").mkdir(parents=True)
            shutil.copy(case, dest / "webx" / case.name)
            (dest / "webx.config.json").write_text('{"name": "golden", "src": "webx"}')
        if any("\ntest " in "\n" + p.read_text() for p in dest.rglob("*.w*x")):
            cases.append((case.name, dest))
    return tmp, cases


class GoldenCorpus(unittest.TestCase):
    """The golden corpus's test blocks describe the runtime as documented."""

    def test_every_case_passes(self):
        tmp, cases = golden_cases()
        self.addCleanup(shutil.rmtree, tmp, True)
        self.assertGreater(len(cases), 20)
        for name, dest in cases:
            with self.subTest(case=name):
                r = webx("test", dest)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                passed, failed = summary(r.stdout)
                self.assertGreater(passed, 0)
                self.assertEqual(failed, 0)


if __name__ == "__main__":
    unittest.main()
