/**
 * `npm run bench`: linkplane against a bare node:http server, side by side in one run, on this machine.
 * Prints requests/s, p50/p99 latency and peak RSS of each, and linkplane's share of the bare server's
 * throughput. The numbers only mean something as ratios measured together; they are not assertions.
 *
 *   BENCH_SECONDS (default 10) per load phase; BENCH_CONNECTIONS (default 50).
 *
 * Writes and list pages run on each engine: embedded SQLite (one process), and PostgreSQL with one and with
 * three linkplane processes on one database, the load spread over them (BENCH_POSTGRES, or a throwaway
 * cluster when Debian's PostgreSQL is installed; without either, the PostgreSQL rows are left out).
 *
 * Then ESW paging: ListConnectionsAllInstances pages of 100 at random depths, over 1,000 and 100,000 stored
 * connections; with keyset paging on an index, a page costs the same at both sizes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { SERVER_CREDENTIALS, TEST_CREDENTIALS } from '../test/support/credentials.js'
import { AKSKSigner } from '../test/support/huawei-sdk.js'
import { seedConnections } from './esw-seed.js'
import { benchPostgres } from './postgres.js'
import { linkplaneCommand, peakRssMiB, ROOT, start, type Server } from './processes.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const PROJECT = TEST_CREDENTIALS.projectId

interface Measured {
  rps: number
  p50: number
  p99: number
  rssMiB: number
}

function sign(method: string, url: string, path: string, query: Record<string, string>, body?: unknown): Record<string, string> {
  const host = new URL(url).host
  return AKSKSigner.sign(
    {
      method,
      endpoint: `${url}${path}`,
      headers: { 'content-type': 'application/json', host, 'x-project-id': PROJECT },
      queryParams: query,
      data: body,
    },
    { getAk: () => TEST_CREDENTIALS.accessKey, getSk: () => TEST_CREDENTIALS.secretKey },
  )
}

/** Load on one server, or spread over several (autocannon shares the connections among them). */
async function load(target: Server | Server[], request: autocannon.Request): Promise<Measured> {
  const servers = Array.isArray(target) ? target : [target]
  const url = servers.map((s) => s.url)
  const result = await autocannon({
    // autocannon spreads its connections over several URLs, although its types admit only one.
    url: (url.length === 1 ? url[0] : url) as string,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [request],
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors from ${url}`)
  // RSS: the largest of the processes (each holds its own copy of everything).
  const rssMiB = Math.max(...servers.map((s) => peakRssMiB(s.pid)))
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, rssMiB }
}

/** Where linkplane keeps its data in a phase, and how many processes share it. */
interface Engine {
  name: string
  processes: number
  database(): Promise<string>
}

/** Starts the engine's processes on one new database (one after the other: the first migrates it). */
async function startEngine(engine: Engine): Promise<Server[]> {
  const database = await engine.database()
  const servers: Server[] = []
  for (let i = 0; i < engine.processes; i++) servers.push(await start(linkplaneCommand(), linkplaneEnv(database), '/_linkplane/health'))
  return servers
}

const stopAll = (servers: Server[]) => Promise.all(servers.map((s) => s.stop()))

const linkplaneEnv = (database: string) => ({
  ...SERVER_CREDENTIALS,
  LINKPLANE_PORT: '0',
  LINKPLANE_DATABASE: database,
  LINKPLANE_LOG_LEVEL: 'warn',
})
const freshDatabase = () => join(mkdtempSync(join(tmpdir(), 'linkplane-bench-')), 'linkplane.db')

/** A /28 in 10.0.0.0/8 for each request number: a million subnets that never overlap. */
function subnetFor(n: number, vpcId: string) {
  const a = (n >> 12) & 255
  const b = (n >> 4) & 255
  const c = (n & 15) << 4
  return { subnet: { name: `bench-${n}`, cidr: `10.${a}.${b}.${c}/28`, gateway_ip: `10.${a}.${b}.${c + 1}`, vpc_id: vpcId } }
}

async function call(server: Server, method: string, path: string, body?: unknown, query: Record<string, string> = {}) {
  const qs = new URLSearchParams(query).toString()
  const response = await fetch(`${server.url}${path}${qs ? `?${qs}` : ''}`, {
    method,
    headers: sign(method, server.url, path, query, body),
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return response.json() as Promise<any>
}

async function readyVpc(server: Server, cidr: string): Promise<string> {
  const answer = await call(server, 'POST', `/v1/${PROJECT}/vpcs`, { vpc: { name: 'bench', cidr } })
  if (!answer.vpc) throw new Error(`CreateVpc failed: ${JSON.stringify(answer)}`)
  const vpc = answer.vpc
  while ((await call(server, 'GET', `/v1/${PROJECT}/vpcs/${vpc.id}`)).vpc.status !== 'OK') await new Promise((r) => setTimeout(r, 20))
  return vpc.id
}

async function median(times: number, run: () => Promise<number>): Promise<number> {
  const values: number[] = []
  for (let i = 0; i < times; i++) values.push(await run())
  return values.sort((a, b) => a - b)[Math.floor(times / 2)]
}

async function main() {
  const bodiesFile = join(mkdtempSync(join(tmpdir(), 'linkplane-bench-')), 'bodies.json')
  const bare = (bodies: Record<string, string>) => {
    writeFileSync(bodiesFile, JSON.stringify(bodies))
    return start(['--import', 'tsx', join(ROOT, 'bench/bare-server.ts')], { BENCH_BODIES: bodiesFile }, '/health')
  }
  const rows: Array<[string, Measured, Measured]> = []
  const postgres = await benchPostgres()
  const engines: Engine[] = [
    { name: 'SQLite', processes: 1, database: async () => freshDatabase() },
    ...(postgres
      ? [
          { name: 'PostgreSQL, 1 process', processes: 1, database: postgres.freshDatabase },
          { name: 'PostgreSQL, 3 processes', processes: 3, database: postgres.freshDatabase },
        ]
      : []),
  ]

  // Start-up: spawn to first answered request, on a new embedded (SQLite file) store.
  const startLinkplane = async () => {
    const server = await start(linkplaneCommand(), linkplaneEnv(freshDatabase()), '/_linkplane/health')
    await server.stop()
    return server.startupMs
  }
  const startBare = async () => {
    const server = await bare({})
    await server.stop()
    return server.startupMs
  }
  const startup = { linkplane: await median(5, startLinkplane), bare: await median(5, startBare) }

  /**
   * Writes on each engine, then on the bare server: `bodyFor(n)` is the n-th request's body, made once the
   * engine's servers are up (`prepare`, on the first of them).
   */
  const writes = async (title: string, path: string, prepare: (server: Server) => Promise<(n: number) => unknown>) => {
    let sample: unknown
    let bodyFor: (n: number) => unknown = () => ({})
    const measured: Array<[string, Measured]> = []
    for (const engine of engines) {
      const servers = await startEngine(engine)
      bodyFor = await prepare(servers[0])
      sample = await call(servers[0], 'POST', path, bodyFor(1_000_000))
      let n = 0
      // Signed for the first server's host: the signature covers the Host header, not which process answers.
      const signedFor = servers[0].url
      measured.push([
        engine.name,
        await load(servers, {
          method: 'POST',
          path,
          setupRequest: (req) => {
            const body = bodyFor(n++)
            return { ...req, headers: sign('POST', signedFor, path, {}, body), body: JSON.stringify(body) }
          },
        }),
      ])
      await stopAll(servers)
    }
    const baseline = await bare({ write: JSON.stringify(sample) })
    const bareMeasured = await load(baseline, {
      method: 'POST',
      path: '/write',
      body: JSON.stringify(bodyFor(0)),
      headers: { 'content-type': 'application/json' },
    })
    await baseline.stop()
    for (const [engine, m] of measured) rows.push([`${title}, ${engine}`, m, bareMeasured])
  }

  // Each request a new subnet of one VPC: they all wait for that VPC, one after the other (see store/locks.ts).
  await writes('CreateSubnet in one VPC (signed write)', `/v1/${PROJECT}/subnets`, async (server) => {
    const vpcId = await readyVpc(server, '10.0.0.0/8')
    return (n) => subnetFor(n, vpcId)
  })
  // Each request a new VPC: writes that do not wait for each other.
  await writes('CreateVpc (signed write)', `/v1/${PROJECT}/vpcs`, async () => (n) => ({ vpc: { name: `bench-${n}`, cidr: '10.0.0.0/16' } }))

  // Reads: signed ListSubnets pages of 100 over 1,000 stored subnets; on each engine, then the bare server.
  {
    let sample: unknown
    const path = `/v1/${PROJECT}/subnets`
    const query = { limit: '100' }
    const measured: Array<[string, Measured]> = []
    for (const engine of engines) {
      const servers = await startEngine(engine)
      const vpcId = await readyVpc(servers[0], '10.0.0.0/8')
      for (let i = 0; i < 1000; i++) await call(servers[0], 'POST', path, subnetFor(i, vpcId))
      sample = await call(servers[0], 'GET', path, undefined, query)
      const headers = sign('GET', servers[0].url, path, query)
      measured.push([engine.name, await load(servers, { method: 'GET', path: `${path}?limit=100`, headers })])
      await stopAll(servers)
    }
    const baseline = await bare({ read: JSON.stringify(sample) })
    const bareMeasured = await load(baseline, { method: 'GET', path: '/read' })
    await baseline.stop()
    for (const [engine, m] of measured) rows.push([`ListSubnets, 100 per page (signed read), ${engine}`, m, bareMeasured])
  }
  postgres?.stop()

  // ESW paging: the same page size at random depths of a small and a large table.
  const paging: Array<[number, Measured]> = []
  for (const size of [1_000, 100_000]) {
    const database = freshDatabase()
    await (await start(linkplaneCommand(), linkplaneEnv(database), '/_linkplane/health')).stop()
    const ids = await seedConnections(database, PROJECT, size)
    const server = await start(linkplaneCommand(), linkplaneEnv(database), '/_linkplane/health')
    const path = `/v3/${PROJECT}/l2cg/connections`
    const pageQuery = () => ({ limit: '100', marker: ids[Math.floor(Math.random() * (ids.length - 100))] })
    const probe = await call(server, 'GET', path, undefined, pageQuery())
    if (probe.connections?.length !== 100 || !probe.page_info?.next_marker)
      throw new Error(`unexpected page: ${JSON.stringify(probe).slice(0, 300)}`)
    const measured = await load(server, {
      method: 'GET',
      path,
      setupRequest: (req) => {
        const query = pageQuery()
        return { ...req, path: `${path}?${new URLSearchParams(query)}`, headers: sign('GET', server.url, path, query) }
      },
    })
    await server.stop()
    paging.push([size, measured])
  }

  const f = (n: number, digits = 0) => n.toFixed(digits)
  const lines = [
    `linkplane benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${f(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${CONNECTIONS} connections, ${SECONDS} s per phase`,
    '',
    '| scenario | linkplane req/s | bare req/s | ratio | linkplane p50 / p99 ms | bare p50 / p99 ms | linkplane / bare peak RSS MiB |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      ([name, lp, b]) =>
        `| ${name} | ${f(lp.rps)} | ${f(b.rps)} | ${f(lp.rps / b.rps, 2)} | ${f(lp.p50)} / ${f(lp.p99)} | ${f(b.p50)} / ${f(b.p99)} | ${f(lp.rssMiB)} / ${f(b.rssMiB)} |`,
    ),
    '',
    'ESW ListConnectionsAllInstances, pages of 100 at random markers (signed reads):',
    '',
    '| stored connections | req/s | p50 ms per page | p99 ms per page |',
    '|---|---|---|---|',
    ...paging.map(([size, m]) => `| ${size.toLocaleString('en-US')} | ${f(m.rps)} | ${f(m.p50, 1)} | ${f(m.p99, 1)} |`),
    '',
    `Start-up to first answered request (median of 5): linkplane ${f(startup.linkplane)} ms (new SQLite file), bare node:http ${f(startup.bare)} ms.`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
