/**
 * Stopping a linkplane process: SIGTERM with load running through it drains (nothing received is cut or
 * refused with 503), keep-alive clients are told `Connection: close`, the grace period bounds the wait, a
 * second signal exits at once, and `npm start` stops when npm itself is sent SIGTERM.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, test } from 'node:test'
import { NODE_ENVIRONMENT, NODE_FLAGS } from '../../src/node-flags.js'
import { openStore } from '../../src/store/database.js'
import { buildServer } from '../../scripts/build.js'
import { TEST_CREDENTIALS, type Signer } from '../support/app.js'
import { signed } from '../support/http-client.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase } from '../support/server-process.js'

const admin: Signer = {
  accessKey: TEST_CREDENTIALS.accessKey,
  secretKey: TEST_CREDENTIALS.secretKey,
  projectId: TEST_CREDENTIALS.projectId,
}
const vpcs = `/v1/${TEST_CREDENTIALS.projectId}/vpcs`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Outcome = { name: string; status: number; body: any } | { name: string; error: string }

/** Sends one signed CreateVpc over `agent` (keep-alive or not) and records what came back, or the socket error. */
function createVpc(url: string, agent: Agent | false, name: string): Promise<Outcome> {
  const outgoing = signed(url, admin, 'POST', vpcs, { body: { vpc: { name, cidr: '10.0.0.0/16' } } })
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const req = request({ agent, host: hostname, port, method: 'POST', path: vpcs, headers: outgoing.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ name, status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }))
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ name, error: `response cut: ${error.code ?? error.message}` }))
    })
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ name, error: error.code ?? error.message }))
    req.end(outgoing.body)
  })
}

/** Whether `text` holds one whole HTTP answer (its head, and a body of its Content-Length). */
function wholeAnswer(text: string): boolean {
  const end = text.indexOf('\r\n\r\n')
  const length = /content-length: (\d+)/i.exec(text)
  return end >= 0 && length !== null && Buffer.byteLength(text.slice(end + 4)) >= Number(length[1])
}

/**
 * A keep-alive connection the server has taken (it has answered a first request on it), on which a signed
 * CreateVpc named `name` is then written but for the last bytes of its body; `finish()` writes them.
 * `closed` resolves with everything the server sent after the first answer, once the connection is closed.
 */
async function halfSent(url: string, name: string) {
  const { hostname, port, host } = new URL(url)
  const socket = connect(Number(port), hostname)
  let received = ''
  socket.on('data', (chunk) => (received += chunk))
  socket.on('error', (error: NodeJS.ErrnoException) => (received += `[socket error ${error.code}]`))
  const closed = new Promise<void>((resolve) => socket.on('close', resolve))
  socket.write(`GET /_linkplane/health HTTP/1.1\r\nhost: ${host}\r\n\r\n`)
  while (!wholeAnswer(received)) await sleep(10)
  const first = received.length
  const outgoing = signed(url, admin, 'POST', vpcs, { body: { vpc: { name, cidr: '10.0.0.0/16' } } })
  const body = String(outgoing.body)
  const head = Object.entries({ ...outgoing.headers, 'content-length': String(Buffer.byteLength(body)) })
    .map(([header, value]) => `${header}: ${value}\r\n`)
    .join('')
  const split = body.length - 5
  socket.write(`${outgoing.method} ${outgoing.path} HTTP/1.1\r\n${head}\r\n${body.slice(0, split)}`)
  return { finish: () => socket.write(body.slice(split)), closed: closed.then(() => received.slice(first)) }
}

async function storedVpcNames(database: string): Promise<Set<string>> {
  const store = await openStore(database)
  try {
    return new Set((await store.db.selectFrom('vpcs').select('name').execute()).map((row) => row.name))
  } finally {
    await store.close()
  }
}

describe('SIGTERM drains', () => {
  test('under load: every request is answered 2xx in the service envelope or never accepted; answered writes are kept, others never ran', async () => {
    const database = await temporaryDatabase()
    const server = await startServer({ database, env: { ...SERVER_CREDENTIALS, LINKPLANE_LOG_LEVEL: 'info' } })
    const outcomes: Outcome[] = []
    // Eight clients on keep-alive connections, eight opening a new connection per request; each sends
    // CreateVpc after CreateVpc until its connection is refused or dropped.
    const workers = Array.from({ length: 16 }, async (_, w) => {
      const agent = w % 2 === 0 ? new Agent({ keepAlive: true, maxSockets: 1 }) : false
      try {
        for (let i = 0; ; i++) {
          const outcome = await createVpc(server.url, agent, `load-${w}-${i}`)
          outcomes.push(outcome)
          if ('error' in outcome) return
        }
      } finally {
        if (agent) agent.destroy()
      }
    })
    // A request whose body is still arriving when the signal comes, on a keep-alive connection.
    const slow = await halfSent(server.url, 'slow')
    while (outcomes.filter((o) => 'status' in o).length < 40) await sleep(20)
    const exit = server.stop('SIGTERM')
    // The rest of the slow body goes once the server has begun to drain.
    while (!server.output().includes('SIGTERM: answering the requests already received')) await sleep(10)
    await sleep(100)
    slow.finish()
    await Promise.all(workers)
    const slowAnswer = await slow.closed
    assert.equal(await exit, 0, server.output())

    const answered = outcomes.filter((o): o is Extract<Outcome, { status: number }> => 'status' in o)
    const unanswered = outcomes.filter((o): o is Extract<Outcome, { error: string }> => 'error' in o)
    for (const o of answered) {
      assert.equal(o.status, 200, JSON.stringify(o))
      assert.equal(o.body.vpc.name, o.name)
    }
    for (const o of unanswered) assert.match(o.error, /^(ECONNREFUSED|ECONNRESET|EPIPE)$/, JSON.stringify(o))
    assert.ok(
      unanswered.some((o) => o.error === 'ECONNREFUSED'),
      'new connections are refused once the server stops listening',
    )
    // What was answered is stored; what was not answered never ran.
    const stored = await storedVpcNames(database)
    for (const o of answered) assert.ok(stored.has(o.name), `${o.name} was answered 200 but is not stored`)
    for (const o of unanswered) assert.ok(!stored.has(o.name), `${o.name} got no answer (${o.error}) but was written`)
    // The request half-received at the signal was finished, and its keep-alive connection closed after it.
    assert.match(slowAnswer, /^HTTP\/1\.1 200 /, slowAnswer)
    assert.match(slowAnswer, /\r\nconnection: close\r\n/i)
    assert.ok(stored.has('slow'))
    assert.ok(answered.length >= 40)
  })

  test('the grace period bounds the wait: a request still running is cut, the database closed, exit 1', async () => {
    const server = await startServer({
      database: await temporaryDatabase(),
      env: { ...SERVER_CREDENTIALS, LINKPLANE_SHUTDOWN_GRACE_SECONDS: '1' },
    })
    const stuck = await halfSent(server.url, 'stuck')
    await sleep(200)
    const started = Date.now()
    assert.equal(await server.stop('SIGTERM'), 1)
    const waited = Date.now() - started
    assert.ok(waited >= 900 && waited < 5000, `waited ${waited} ms`)
    assert.doesNotMatch(await stuck.closed, /HTTP\/1\.1/, 'the cut request got no answer')
    assert.match(server.output(), /grace period is over/)
  })

  test('a second signal exits at once', async () => {
    const server = await startServer({ database: await temporaryDatabase(), env: SERVER_CREDENTIALS })
    const stuck = await halfSent(server.url, 'stuck')
    await sleep(200)
    const started = Date.now()
    const exit = server.stop('SIGTERM')
    await sleep(200)
    process.kill(server.pid, 'SIGTERM')
    assert.equal(await exit, 1)
    assert.ok(Date.now() - started < 3000)
    await stuck.closed
  })
})

describe('npm start', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    )
  const children = new Set<number>()
  after(() => {
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {}
    }
  })

  test('is one server under npm: SIGTERM to npm stops the server, and npm exits 0', { timeout: 120_000 }, async () => {
    // `npm start` runs the server bundled into dist/ (by `npm install`); bring it up to date with src/ first
    // (the server part of the build only: the console's is not needed here).
    let built = 0
    try {
      built = statSync(join(root, 'dist/cli.js')).mtimeMs
    } catch {}
    if (built < newest(join(root, 'src'))) await buildServer()

    const npm = spawn('npm', ['start'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...SERVER_CREDENTIALS,
        LINKPLANE_PORT: '0',
        LINKPLANE_DATABASE: await temporaryDatabase(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.add(npm.pid!)
    let output = ''
    npm.stdout.on('data', (chunk) => (output += chunk))
    npm.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)))
    while (!/listening on .*pid (\d+)\)/.test(output)) {
      assert.equal(npm.exitCode, null, output)
      await sleep(50)
    }
    const serverPid = Number(/listening on .*pid (\d+)\)/.exec(output)![1])
    children.add(serverPid)
    assert.notEqual(serverPid, npm.pid)
    // Node runs with the V8 flags of dist/cli.js's first line.
    const commandLine = readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').split('\0')
    for (const flag of NODE_FLAGS) assert.ok(commandLine.includes(flag), `${flag} in ${commandLine.join(' ')}`)
    const environment = readFileSync(`/proc/${serverPid}/environ`, 'utf8').split('\0')
    for (const [name, value] of Object.entries(NODE_ENVIRONMENT)) assert.ok(environment.includes(`${name}=${value}`), `${name}=${value}`)
    npm.kill('SIGTERM')
    assert.equal(await exited, 0, output)
    assert.throws(() => process.kill(serverPid, 0), { code: 'ESRCH' }, 'the server is gone with npm, not orphaned')
    assert.match(output, /SIGTERM: answering the requests already received/)
  })
})
