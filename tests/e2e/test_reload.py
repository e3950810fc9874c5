"""Hot reload in dev mode (docs/server.md, "Hot reload (dev mode)"): saving a
.webx file swaps the new program in while the server keeps serving; a module
whose global code did not change keeps its state, one whose global code
changed runs it again; added and removed files add and remove routes; a file
with errors prints diagnostics and the running version keeps serving; every
reload prints `reloaded in N ms (changed: …)`. `--prod` does not reload.

Each test runs its own server on its own temporary copy of projects/reload
and edits the files of that copy. Every wait is bounded (3 s per change)."""

import json
import os
import re
import threading
import time
import unittest

from webx_server import Conn, Project, WebxServer, request

RELOAD_WAIT = 3.0
# docs/server.md: `reloaded in 23 ms (changed: webx/app.webx)`; a removed file
# may be listed as `removed: …` instead.
RELOADED_RE = r"^reloaded in \d+(\.\d+)? ms \((?P<changed>(changed|added|removed): .*)\)$"

NOTES_V1 = '<ul class="v1">{}</ul>'


def items(*notes: str) -> str:
    return "".join(f"<li>{n}</li>" for n in notes)


class ReloadTestCase(unittest.TestCase):
    PROD = False

    def setUp(self):
        self.project = Project("reload")
        self.addCleanup(self.project.cleanup)
        self.server = WebxServer(self.project.root, prod=self.PROD)
        self.addCleanup(self.server.kill)
        self.server.start()
        self.port = self.server.port
        # Let the watcher settle: edits right after start-up must be seen too,
        # but the banner is printed before the watcher may be armed.
        time.sleep(0.2)

    def tearDown(self):
        if self.server.running():
            self.server.stop()

    # -- HTTP --------------------------------------------------------------
    def fetch(self, method="GET", target="/", headers=(), body=b""):
        with Conn(self.port) as c:
            c.send(request(method, target, headers, body))
            return c.read_response(method)

    def get_text(self, target):
        resp = self.fetch("GET", target)
        return resp.status, resp.body.decode("utf-8", "replace")

    def add_note(self, text: str) -> str:
        resp = self.fetch("POST", "/notes", {"Content-Type": "text/plain"}, text.encode())
        self.assertEqual(resp.status, 200, resp)
        return resp.body.decode()

    # -- files -------------------------------------------------------------
    # Saves are atomic (a new file renamed over the old one, as many editors
    # do) so that the watcher never sees a half-written file; InPlaceSaveTest
    # saves in place (truncate, then write) on purpose.
    def edit(self, rel: str, old: str, new: str, in_place: bool = False) -> None:
        path = self.project.path(rel)
        text = path.read_text()
        self.assertEqual(text.count(old), 1, f"{old!r} must occur once in {rel}")
        self.write(rel, text.replace(old, new), in_place)

    def write(self, rel: str, text: str, in_place: bool = False) -> None:
        path = self.project.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if in_place:
            with open(path, "w") as f:
                f.write(text)
            return
        # The temporary file is outside the watched folder, on the same file system.
        tmp = self.project.tmp / f".save-{path.name}"
        tmp.write_text(text)
        os.replace(tmp, path)

    # -- waiting -----------------------------------------------------------
    def wait_for_answer(self, target: str, status: int, body: str, timeout: float = RELOAD_WAIT):
        """Poll GET target until it answers (status, body); fail after timeout
        showing the last answer."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            last = self.get_text(target)
            if last == (status, body):
                return
            if time.monotonic() > deadline:
                self.fail(f"GET {target}: expected {(status, body)!r} within {timeout}s, "
                          f"still {last!r}\n" + self.server.output())
            time.sleep(0.05)

    def wait_for_status(self, target: str, status: int, timeout: float = RELOAD_WAIT):
        deadline = time.monotonic() + timeout
        while True:
            last = self.get_text(target)
            if last[0] == status:
                return last
            if time.monotonic() > deadline:
                self.fail(f"GET {target}: expected status {status} within {timeout}s, "
                          f"still {last!r}\n" + self.server.output())
            time.sleep(0.05)

    def wait_reloaded(self, start: int, file: str) -> str:
        """The `reloaded in N ms (changed: …)` line naming file, after stdout line start."""
        deadline = time.monotonic() + RELOAD_WAIT
        while True:
            m = self.server.wait_for_line(RELOADED_RE, timeout=max(0.01, deadline - time.monotonic()),
                                          start=start)
            if file in m.group("changed"):
                return m.group(0)
            start = self.server.stdout_lines.index(m.group(0), start) + 1


class TemplateEditTest(ReloadTestCase):
    def test_template_edit_keeps_state(self):
        self.assertEqual(self.add_note("first"), "1")
        self.assertEqual(self.add_note("second"), "2")
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("first", "second"))))

        # Requests keep being answered during the reloads.
        stop = threading.Event()
        failures = []

        def hammer():
            while not stop.is_set():
                try:
                    for target in ("/about", "/notes"):
                        status, _ = self.get_text(target)
                        if status != 200:
                            failures.append((target, status))
                except Exception as e:   # noqa: BLE001 - reported below
                    failures.append(repr(e))
                time.sleep(0.01)

        t = threading.Thread(target=hammer, daemon=True)
        t.start()
        try:
            start = len(self.server.stdout_lines)
            self.edit("webx/app.webx", '<ul class="v1">{notes.map(n => <li>{n}</li>)}</ul>',
                      '<ol class="v2">{notes.map(n => <li>{n}!</li>)}</ol>')
            self.wait_for_answer("/notes", 200, '<ol class="v2"><li>first!</li><li>second!</li></ol>')
            self.wait_reloaded(start, "app.webx")
            # The state goes on from where it was.
            self.assertEqual(self.add_note("third"), "3")
            self.assertEqual(self.get_text("/notes"),
                             (200, '<ol class="v2"><li>first!</li><li>second!</li><li>third!</li></ol>'))

            # A template in the included module.
            self.assertEqual(self.get_text("/card/x"), (200, '<span class="badge">x</span>'))
            start = len(self.server.stdout_lines)
            self.edit("webx/views.webx", '<span class="badge">{name}</span>', '<b class="badge2">{name}</b>')
            self.wait_for_answer("/card/x", 200, '<b class="badge2">x</b>')
            self.wait_reloaded(start, "views.webx")
            self.assertEqual(self.get_text("/notes"),
                             (200, '<ol class="v2"><li>first!</li><li>second!</li><li>third!</li></ol>'))

            # A route's JavaScript (not global code): still the same state.
            start = len(self.server.stdout_lines)
            self.edit("webx/app.webx", "return notes.length;", "return `count ${notes.length}`;")
            deadline = time.monotonic() + RELOAD_WAIT
            while not self.add_note("probe").startswith("count "):
                self.assertLess(time.monotonic(), deadline, "the route's new code was not loaded")
                time.sleep(0.05)
            self.wait_reloaded(start, "app.webx")
            self.assertRegex(self.add_note("last"), r"^count \d+$")
            status, body = self.get_text("/notes")
            self.assertEqual(status, 200)
            self.assertTrue(body.startswith('<ol class="v2"><li>first!</li><li>second!</li><li>third!</li>'),
                            body)
        finally:
            stop.set()
            t.join(5)
        self.assertEqual(failures, [], "requests failed during the reloads")


class GlobalCodeEditTest(ReloadTestCase):
    def test_global_code_edit_resets_state(self):
        self.add_note("a")
        self.add_note("b")
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("a", "b"))))
        start = len(self.server.stdout_lines)
        self.edit("webx/app.webx", "const notes = [];", 'const notes = ["seed"];')
        # The global code ran again: the old notes are gone, the seed is there.
        self.wait_for_answer("/notes", 200, NOTES_V1.format(items("seed")))
        self.wait_reloaded(start, "app.webx")
        self.assertEqual(self.add_note("c"), "2")
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("seed", "c"))))


class AddRemoveFilesTest(ReloadTestCase):
    def test_new_file_adds_routes_and_removing_it_removes_them(self):
        self.add_note("kept")
        self.assertEqual(self.get_text("/extra")[0], 404)
        start = len(self.server.stdout_lines)
        self.write("webx/extra.webx",
                   "global { let extraHits = 0; }\n"
                   "get /extra { extraHits += 1; return `extra ${extraHits}`; }\n")
        self.wait_for_answer("/extra", 200, "extra 1")
        self.wait_reloaded(start, "extra.webx")
        self.assertEqual(self.get_text("/extra"), (200, "extra 2"))
        # The other module kept its state.
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("kept"))))

        # Subfolders are watched too, and .wx files are modules as well.
        self.write("webx/sub/deeper.webx", "get /deeper (<p>deeper {1 + 1}</p>)\n")
        self.wait_for_answer("/deeper", 200, "<p>deeper 2</p>")
        self.write("webx/more.wx", 'get /more { return "more"; }\n')
        self.wait_for_answer("/more", 200, "more")

        start = len(self.server.stdout_lines)
        self.project.path("webx/extra.webx").unlink()
        self.wait_for_status("/extra", 404)
        self.wait_reloaded(start, "extra.webx")
        self.assertEqual(self.get_text("/extra")[0], 404)
        self.assertEqual(self.get_text("/more"), (200, "more"))
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("kept"))))


class BrokenEditTest(ReloadTestCase):
    def test_syntax_error_keeps_the_old_version_then_the_fix_is_loaded(self):
        self.add_note("kept")
        old = (200, NOTES_V1.format(items("kept")))
        out_start = len(self.server.stdout_lines)
        err_start = len(self.server.stderr_lines)
        self.edit("webx/app.webx", "get /about (<p>About</p>)",
                  'get /about (<p>About</p>)\nget /bad { return (; }')
        bad_line = self.project.path("webx/app.webx").read_text().splitlines().index(
            "get /bad { return (; }") + 1
        # Diagnostics (file:line:col: error: …) on stderr.
        self.server.wait_for_line(rf"\S*app\.webx:{bad_line}:\d+: error: ", timeout=RELOAD_WAIT,
                                  start=err_start, stream="stderr")
        # The running version keeps serving, state and all.
        self.assertEqual(self.get_text("/notes"), old)
        self.assertEqual(self.get_text("/bad")[0], 404)
        self.assertEqual(self.get_text("/about"), (200, "<p>About</p>"))
        self.assertFalse([l for l in self.server.stdout_lines[out_start:] if re.match(RELOADED_RE, l)],
                         "a broken edit must not be reported as reloaded")

        # The fix is loaded.
        self.edit("webx/app.webx", "get /bad { return (; }", 'get /bad { return "fixed"; }')
        self.wait_for_answer("/bad", 200, "fixed")
        self.wait_reloaded(out_start, "app.webx")
        self.assertEqual(self.get_text("/notes"), old)

    def test_check_error_keeps_the_old_version(self):
        err_start = len(self.server.stderr_lines)
        self.edit("webx/views.webx", "handler Badge(name: string)", "handler Badge(name: string, name: string)")
        self.server.wait_for_line(r"\S*views\.webx:\d+:\d+: error: ", timeout=RELOAD_WAIT,
                                  start=err_start, stream="stderr")
        self.assertEqual(self.get_text("/card/y"), (200, '<span class="badge">y</span>'))
        err_start = len(self.server.stderr_lines)
        self.edit("webx/views.webx", "handler Badge(name: string, name: string)", "handler Badge(name: string)")
        self.edit("webx/views.webx", '<span class="badge">', '<span class="fixed">')
        self.wait_for_answer("/card/y", 200, '<span class="fixed">y</span>')


    def test_regex_the_engine_refuses_keeps_the_old_version(self):
        self.add_note("kept")
        err_start = len(self.server.stderr_lines)
        self.edit("webx/app.webx", "get /about (<p>About</p>)",
                  'get /about (<p>About</p>)\nget /rx { return text(/+a/.test("a") ? "y" : "n"); }')
        line = self.project.path("webx/app.webx").read_text().splitlines().index(
            'get /rx { return text(/+a/.test("a") ? "y" : "n"); }') + 1
        self.server.wait_for_line(rf"\S*app\.webx:{line}:23: error: invalid regular expression: ",
                                  timeout=RELOAD_WAIT, start=err_start, stream="stderr")
        self.server.wait_for_line(r"^webx: the change was not loaded", timeout=RELOAD_WAIT,
                                  start=err_start, stream="stderr")
        # Before the check, the actor was sent a program it could not load
        # and every JS route answered 500.
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("kept"))))
        self.assertEqual(self.get_text("/rx")[0], 404)


class InPlaceSaveTest(ReloadTestCase):
    def test_saving_in_place_keeps_state(self):
        # An editor that truncates the file and writes it again: the watcher
        # may see the empty file first, but the state must survive.
        self.add_note("x")
        self.add_note("y")
        start = len(self.server.stdout_lines)
        self.edit("webx/app.webx", '<ul class="v1">{notes', '<ul class="v3">{notes', in_place=True)
        self.wait_for_answer("/notes", 200, '<ul class="v3">' + items("x", "y") + "</ul>")
        self.wait_reloaded(start, "app.webx")
        self.assertEqual(self.add_note("z"), "3")


class ConfigEditTest(ReloadTestCase):
    """docs/config.md, "When changes take effect": saving webx.config.json
    reloads; `cors` and `src` apply at once, settings fixed at start-up are
    named in a warning and keep their values."""

    def edit_config(self, **changes):
        config = json.loads(self.project.path("webx.config.json").read_text())
        config.update(changes)
        self.write("webx.config.json", json.dumps(config, indent=2))

    def allow_origin(self, origin: str):
        resp = self.fetch("GET", "/about", {"Origin": origin})
        self.assertEqual(resp.status, 200, resp)
        return resp.header("Access-Control-Allow-Origin")

    def test_cors_applies_and_state_is_kept(self):
        self.add_note("kept")
        self.assertIsNone(self.allow_origin("https://app.example"))
        start = len(self.server.stdout_lines)
        self.edit_config(cors={"allowOrigin": ["https://app.example"]})
        self.wait_reloaded(start, "webx.config.json")
        self.assertEqual(self.allow_origin("https://app.example"), "https://app.example")
        self.assertIsNone(self.allow_origin("https://other.example"))
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("kept"))))

    def test_start_up_settings_are_named_and_keep_their_values(self):
        err_start = len(self.server.stderr_lines)
        start = len(self.server.stdout_lines)
        self.edit_config(limits={"maxBodyBytes": 4}, port=1)
        self.server.wait_for_line(r"^webx: warning: webx\.config\.json: `port`, `limits` apply when "
                                  r"`webx run` restarts; until then the values it started with stay in effect$",
                                  timeout=RELOAD_WAIT, start=err_start, stream="stderr")
        self.wait_reloaded(start, "webx.config.json")
        # Same port, and a body over the new limit is still taken.
        self.assertEqual(self.add_note("longer than four bytes"), "1")

    def test_src_moves_and_the_old_folder_is_no_longer_watched(self):
        for name in ("app.webx", "views.webx"):
            self.write(f"pages/{name}", self.project.path(f"webx/{name}").read_text())
        self.edit("pages/app.webx", "get /about (<p>About</p>)", "get /about (<p>Pages</p>)")
        self.edit_config(src="pages")
        self.wait_for_answer("/about", 200, "<p>Pages</p>")
        # Edits in the new folder reload; the old one is let go.
        start = len(self.server.stdout_lines)
        self.edit("pages/app.webx", "get /about (<p>Pages</p>)", "get /about (<p>Pages 2</p>)")
        self.wait_for_answer("/about", 200, "<p>Pages 2</p>")
        self.wait_reloaded(start, "pages/app.webx")
        start = len(self.server.stdout_lines)
        self.edit("webx/app.webx", "get /about (<p>About</p>)", "get /about (<p>Old</p>)")
        time.sleep(0.5)
        self.assertFalse([l for l in self.server.stdout_lines[start:] if l.startswith("reloaded in")],
                         "an edit in the old `src` folder reloaded the program")
        self.assertEqual(self.get_text("/about"), (200, "<p>Pages 2</p>"))

    def test_a_broken_config_keeps_the_old_version_then_the_fix_is_loaded(self):
        self.add_note("kept")
        err_start = len(self.server.stderr_lines)
        self.edit_config(port="eighty")
        self.server.wait_for_line(r"webx\.config\.json:\d+:\d+: error: ", timeout=RELOAD_WAIT,
                                  start=err_start, stream="stderr")
        self.server.wait_for_line(r"^webx: the change was not loaded", timeout=RELOAD_WAIT,
                                  start=err_start, stream="stderr")
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("kept"))))
        start = len(self.server.stdout_lines)
        config = json.loads(self.project.path("webx.config.json").read_text())
        del config["port"]
        config["description"] = "fixed"
        self.write("webx.config.json", json.dumps(config))
        self.wait_reloaded(start, "webx.config.json")
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("kept"))))


class ProdDoesNotReloadTest(ReloadTestCase):
    PROD = True

    def test_prod_ignores_edits(self):
        self.add_note("p")
        self.edit("webx/app.webx", '<ul class="v1">', '<ul class="v2">')
        time.sleep(1.0)
        self.assertEqual(self.get_text("/notes"), (200, NOTES_V1.format(items("p"))))
        self.assertFalse([l for l in self.server.stdout_lines if re.match(RELOADED_RE, l)])


if __name__ == "__main__":
    unittest.main()
