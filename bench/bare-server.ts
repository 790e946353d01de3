/**
 * The baseline: a bare node:http server answering fixed bodies (copies of linkplane's own responses, so
 * both sides serialise and send the same bytes). `/write` drains the request body first, as a real
 * write would. Prints `listening on <url>` like linkplane does.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const bodies = JSON.parse(readFileSync(process.env.BENCH_BODIES!, 'utf8')) as Record<string, string>

const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0]
  req.resume()
  req.on('end', () => {
    if (path === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
    const body = bodies[path.slice(1)]
    if (body === undefined) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': '0'.repeat(32) }).end(body)
  })
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number }
  process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`)
})
