// The nginx+njs peer of bench/js_routes.sh: the same state and templates as
// bench/js/webx/webx/app.webx and bench/js/items.js, in njs (nginx's
// JavaScript), loaded with js_import by nginx.conf.in.
//
// njs runs each request in its own copy of this module's VM, cloned from the
// one built when nginx loaded the config: every request sees the 20 seed
// items, but what a request changes is gone when it ends. Debian bookworm's
// njs (0.7.9) has no memory shared between requests (js_shared_dict_zone
// came with njs 0.8.0), so POST /items does the same work as on the other
// peers (parse the form, check, append, answer the new item as JSON) on the
// request's copy of the list: every POST answers id 21.
import qs from 'querystring';

// 20 seed items; a few titles need HTML escaping.
const items = [];
for (let i = 1; i <= 20; i++) {
  items.push({ id: i, title: i % 5 === 0 ? `Item ${i}: <b>"Tom" & 'Jerry'</b>` : `Item number ${i}` });
}
let nextId = 21;
const MAX_ITEMS = 1000;

// HTML escaping as WebX's JSX does it (& < > " ').
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeRe = /[&<>"']/g;
const escapeTest = /[&<>"']/;
function escapeHtml(s) {
  s = String(s);
  return escapeTest.test(s) ? s.replace(escapeRe, (c) => ENTITIES[c]) : s;
}

function item(it) {
  return `<li id="${escapeHtml('item-' + it.id)}">${escapeHtml(it.title)}</li>`;
}
function page() {
  return '<!DOCTYPE html><html><head><title>Items</title></head><body><ul>' +
    items.slice(0, 20).map(item).join('') + '</ul></body></html>';
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

function send(r, status, type, body) {
  r.headersOut['Content-Type'] = type;
  r.return(status, body);
}

// location = /items: GET (and HEAD) the page, POST a new item.
function list(r) {
  if (r.method === 'GET' || r.method === 'HEAD') return send(r, 200, HTML, page());
  if (r.method !== 'POST') {
    r.headersOut['Allow'] = 'GET, HEAD, POST, OPTIONS';
    return send(r, 405, TEXT, 'method not allowed');
  }
  const ctype = (r.headersIn['Content-Type'] || '').split(';')[0].trim().toLowerCase();
  if (ctype !== 'application/x-www-form-urlencoded') return send(r, 415, TEXT, 'unsupported media type');
  const form = qs.parse(r.requestText || '');
  const title = form.title;
  if (typeof title !== 'string') return send(r, 400, TEXT, 'missing field `title`');
  if (items.length >= MAX_ITEMS) items.length = 20;
  const it = { id: nextId++, title: title };
  items.push(it);
  send(r, 200, JSON_TYPE, JSON.stringify(it));
}

// location ~ ^/items/[^/]+$: GET one item as JSON.
const INT = /^-?[0-9]+$/;
function one(r) {
  if (r.method !== 'GET' && r.method !== 'HEAD') {
    r.headersOut['Allow'] = 'GET, HEAD, OPTIONS';
    return send(r, 405, TEXT, 'method not allowed');
  }
  const idText = r.uri.slice('/items/'.length);
  if (!INT.test(idText)) return send(r, 404, TEXT, 'not found');
  const id = Number(idText);
  const it = items.find((x) => x.id === id);
  if (!it) return send(r, 404, TEXT, 'no such item');
  send(r, 200, JSON_TYPE, JSON.stringify(it));
}

export default { list, one };
