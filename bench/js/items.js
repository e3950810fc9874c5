'use strict';
// The app every Node peer of bench/js_routes.sh serves (Express and Fastify
// differ only in how they route and parse): the same state and templates as
// bench/js/webx/webx/app.webx, as plain JavaScript.

// 20 seed items; a few titles need HTML escaping.
const items = [];
for (let i = 1; i <= 20; i++) {
  items.push({ id: i, title: i % 5 === 0 ? `Item ${i}: <b>"Tom" & 'Jerry'</b>` : `Item number ${i}` });
}
let nextId = 21;
// The POST run appends: past MAX_ITEMS the list goes back to the 20 seed
// items (ids keep counting), so memory stays bounded.
const MAX_ITEMS = 1000;

// HTML escaping as WebX's JSX does it (& < > " ').
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeRe = /[&<>"']/g;
const escapeTest = /[&<>"']/;
function escapeHtml(s) {
  s = String(s);
  return escapeTest.test(s) ? s.replace(escapeRe, (c) => ENTITIES[c]) : s;
}

// The template per item, and the page.
function item(it) {
  return `<li id="${escapeHtml('item-' + it.id)}">${escapeHtml(it.title)}</li>`;
}
function page() {
  return '<!DOCTYPE html><html><head><title>Items</title></head><body><ul>' +
    items.slice(0, 20).map(item).join('') + '</ul></body></html>';
}

// GET /items/(id: int): the item, or undefined. `id` is the path segment.
const INT = /^-?[0-9]+$/;
function find(idText) {
  if (!INT.test(idText)) return undefined;
  const id = Number(idText);
  return items.find((x) => x.id === id);
}

// POST /items: appends and returns the new item.
function add(title) {
  if (items.length >= MAX_ITEMS) items.length = 20;
  const it = { id: nextId++, title };
  items.push(it);
  return it;
}

// `listening on http://127.0.0.1:PORT` once listening, as webx run prints it.
function banner(host, port) {
  process.stdout.write(`listening on http://${host}:${port}\n`);
}

// --port P [--host H] from the command line.
function options(argv) {
  const o = { port: 8080, host: '127.0.0.1' };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--port') o.port = Number(argv[++i]);
    else if (argv[i] === '--host') o.host = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return o;
}

module.exports = { page, find, add, banner, options, INT };
