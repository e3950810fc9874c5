'use strict';
// Fastify peer of bench/js_routes.sh: node server.js --port P
// One process (no cluster), logger off, @fastify/formbody for the form, and
// JSON schemas for the body and the JSON answers (fast-json-stringify), as
// Fastify is meant to be used.
const app = require('../items.js');
const fastify = require('fastify')({ logger: false });

const { port, host } = app.options(process.argv);
fastify.register(require('@fastify/formbody'));

const itemSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, title: { type: 'string' } },
  required: ['id', 'title'],
};

fastify.get('/items', (req, reply) => {
  reply.type('text/html; charset=utf-8');
  return app.page();
});

fastify.get('/items/:id', { schema: { response: { 200: itemSchema } } }, (req, reply) => {
  if (!app.INT.test(req.params.id)) return reply.callNotFound();   // not an int: 404, like WebX
  const it = app.find(req.params.id);
  if (!it) return reply.code(404).type('text/plain; charset=utf-8').send('no such item');
  return it;
});

fastify.post('/items', {
  schema: {
    body: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
    response: { 200: itemSchema },
  },
}, (req) => app.add(req.body.title));

fastify.listen({ port, host }).then(
  () => app.banner(host, fastify.server.address().port),
  (e) => { console.error(`fastify: ${e.message}`); process.exit(1); });
process.on('SIGTERM', () => fastify.close().then(() => process.exit(0)));
