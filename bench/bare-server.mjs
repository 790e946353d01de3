/**
 * The baseline: a bare node:http server answering fixed bodies (copies of linkplane's own responses, so
 * every server sends the same bytes). Each request's body is drained first, as a real write would. Plain
 * JavaScript, so that it starts without a TypeScript loader, as linkplane's built server does. Prints
 * `listening on <url>` like linkplane.
 *
 *   BENCH_BODIES: a JSON file `{ "<METHOD> <path>": "<body>" }`; anything else answers 404.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const bodies = process.env.BENCH_BODIES ? JSON.parse(readFileSync(process.env.BENCH_BODIES, 'utf8')) : {}

const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0]
  req.resume()
  req.on('end', () => {
    if (path === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
    const body = bodies[`${req.method} ${path}`]
    if (body === undefined) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': '0'.repeat(32) }).end(body)
  })
})
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`))
