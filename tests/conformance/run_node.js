#!/usr/bin/env node
// The oracle of the differential conformance corpus.
//
// Runs every tests/conformance/js/NNN-topic.js case under Node, each in a fresh
// `vm` context whose console.log joins String(arg) with single spaces, and
// prints one JSON object { "NNN-topic": "line\nline\n", ... } to stdout.
//
// A case whose source Node cannot run as is (TypeScript-style annotations)
// has a sidecar NNN-topic.node.js beside it: the same program without the
// annotations. The sidecar is what Node runs; WebX compiles the original.
//
// An uncaught exception ends a case; its output is then "THROWN: <name>"
// (the exception's name, or "non-error" for a thrown non-object), which is
// what the WebX side reports too.
//
// Usage: node run_node.js [--lint] [case-name-prefix...]
//   --lint  also report to stderr (and exit 1) when a case prints anything
//           but a primitive, prints nothing, or prints differently on a
//           second run (non-determinism).
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const jsDir = path.join(__dirname, 'js');
const args = process.argv.slice(2);
const lint = args.includes('--lint');
const prefixes = args.filter((a) => !a.startsWith('--'));

function caseNames() {
  return fs
    .readdirSync(jsDir)
    .filter((f) => f.endsWith('.js') && !f.endsWith('.node.js'))
    .map((f) => f.slice(0, -3))
    .filter((n) => prefixes.length === 0 || prefixes.some((p) => n.startsWith(p)))
    .sort();
}

function oracleSource(name) {
  const sidecar = path.join(jsDir, name + '.node.js');
  const file = fs.existsSync(sidecar) ? sidecar : path.join(jsDir, name + '.js');
  return { file, source: fs.readFileSync(file, 'utf8') };
}

function runCase(name, problems) {
  const { file, source } = oracleSource(name);
  const lines = [];
  const log = (...values) => {
    for (const v of values) {
      const t = typeof v;
      if (v !== null && (t === 'object' || t === 'function' || t === 'symbol')) {
        problems.push(`${name}: console.log of a non-primitive (${t})`);
      }
    }
    lines.push(values.map((v) => (typeof v === 'symbol' ? v.toString() : String(v))).join(' '));
  };
  const context = vm.createContext({ console: { log } });
  try {
    vm.runInContext(source, context, { filename: file, timeout: 5000 });
  } catch (e) {
    let thrownName = 'non-error';
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      try {
        thrownName = String(e.name);
      } catch (_) {
        thrownName = 'unknown';
      }
    }
    problems.push(`${name}: uncaught ${thrownName}: ${e && e.message}`);
    return 'THROWN: ' + thrownName;
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

const names = caseNames();
const problems = [];
const result = {};
for (const name of names) result[name] = runCase(name, problems);

if (lint) {
  const again = [];
  for (const name of names) {
    const second = runCase(name, again);
    if (second !== result[name]) problems.push(`${name}: output differs between two runs`);
    const lineCount = result[name].split('\n').filter((l) => l !== '').length;
    if (lineCount < 2) problems.push(`${name}: prints fewer than 2 lines`);
  }
  for (const p of problems) process.stderr.write(p + '\n');
  process.stderr.write(`${names.length} cases, ${problems.length} problem(s)\n`);
}

process.stdout.write(JSON.stringify(result, null, 1) + '\n');
if (lint && problems.length > 0) process.exitCode = 1;
