'use strict';
// Express peer of bench/js_routes.sh: node server.js --port P
// One process (no cluster), Express's defaults except that X-Powered-By and
// ETag are off: WebX sends neither, and an ETag costs a hash of every body.
const express = require('express');
const app = require('../items.js');

const { port, host } = app.options(process.argv);
const server = express();
server.disable('x-powered-by');
server.set('etag', false);

server.get('/items', (req, res) => {
  res.type('html').send(app.page());
});

server.get('/items/:id', (req, res, next) => {
  if (!app.INT.test(req.params.id)) return next();   // not an int: 404, like WebX
  const it = app.find(req.params.id);
  if (!it) return res.status(404).type('text').send('no such item');
  res.json(it);
});

server.post('/items', express.urlencoded({ extended: false }), (req, res) => {
  if (req.is('application/x-www-form-urlencoded') === false) return res.status(415).type('text').send('unsupported media type');
  const title = req.body && req.body.title;
  if (typeof title !== 'string') return res.status(400).type('text').send('missing field `title`');
  res.json(app.add(title));
});

const listener = server.listen(port, host, () => app.banner(host, listener.address().port));
listener.on('error', (e) => { console.error(`express: ${e.message}`); process.exit(1); });
process.on('SIGTERM', () => listener.close(() => process.exit(0)));
