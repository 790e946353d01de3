/**
 * `npm run bench`: linkplane beside a bare node:http server (fixed bodies: the floor) and a naive Fastify +
 * better-sqlite3 server (no auth, no schema: what a quick emulator would be), side by side in one run on
 * this machine, as ratios to the bare server. Signed requests are signed before each phase starts, so the
 * load generator's CPU goes to sending; the three servers get the same bytes.
 *
 *   BENCH_SECONDS (default 10) per server of a load scenario; BENCH_CONNECTIONS (default 50); BENCH_TURNS (default 5):
 *     the servers of a scenario (and the sizes of a list's flatness) are loaded in turns, that many each;
 *   BENCH_FLAT_SECONDS (default 5) per stored-rows size of the flatness phases;
 *   BENCH_MILLION=1 adds 1,000,000 stored rows to the flatness phases (seeding takes minutes);
 *   BENCH_CPU_PROF=<dir> writes a CPU profile of every linkplane process;
 *   BENCH_IDLE_SECONDS (default 10): how long the idle part measures;
 *   BENCH_PHASES (default startup,load,postgres,idle,flatness): which parts to run; `postgres` runs the admin's
 *     CreateSubnet and ListSubnets on PostgreSQL with one and with three linkplane processes on one database
 *     (the load spread over them), on BENCH_POSTGRES or a throwaway cluster (bench/postgres.ts), as ratios to
 *     the bare server of the same scenario (with `load`, the same bare and naive runs as SQLite's rows);
 *     `idle` measures the CPU an idle server uses while 100,000 lifecycle transitions wait, due in an hour;
 *   `npm run bench -- --readme` also writes the report into README.md, between the bench markers.
 *
 * The numbers are measurements, not assertions; they mean something only as ratios measured together.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { basename, join } from 'node:path'
import { CONNECTION_READY } from '../src/services/esw/transitions.js'
import { openStore, type Db } from '../src/store/database.js'
import { ADMIN, iamUser, PROJECT, signed, type SignedRequest, type Signer } from './client.js'
import { benchPostgres, type BenchPostgres } from './postgres.js'
import { CONNECTIONS, creates, interleaved, Load, SECONDS, subnetBody, TURNS, writesFor, type Measured } from './load.js'
import { build, cpuMs, newDatabase, newFolder, ROOT, startBare, startLinkplane, startNaive, type Server } from './processes.js'
import { seedEgConnections, seedEswConnections, seedEswInstance, seedPendingTransitions, seedSubnets, seedVpc } from './seed.js'

const FLAT_SECONDS = Number(process.env.BENCH_FLAT_SECONDS ?? 5)
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10)
const PENDING = 100_000
const FLAT_SIZES = [1_000, 10_000, 100_000, ...(process.env.BENCH_MILLION === '1' ? [1_000_000] : [])]
const STARTS = 5
const PHASES = new Set((process.env.BENCH_PHASES ?? 'startup,load,postgres,idle,flatness').split(','))

/** Where linkplane keeps its data in a scenario, and how many processes share it. */
interface Engine {
  name: string
  processes: number
  database(): Promise<string>
}

const SQLITE: Engine = { name: 'SQLite', processes: 1, database: async () => newDatabase() }

const postgresEngines = (postgres: BenchPostgres): Engine[] => [
  { name: 'PostgreSQL, 1 process', processes: 1, database: postgres.freshDatabase },
  { name: 'PostgreSQL, 3 processes', processes: 3, database: postgres.freshDatabase },
]

/** The engine's processes on `database`, one after the other. */
async function startEngine(engine: Engine, database: string): Promise<Server[]> {
  const servers: Server[] = []
  for (let i = 0; i < engine.processes; i++) servers.push(await startLinkplane(database))
  return servers
}
/** A new linkplane database, migrated and bootstrapped (by a first start), then filled by `seed` through the store. */
async function seededDatabase<T>(seed: (db: Db) => Promise<T>, engine = SQLITE): Promise<{ database: string; seeded: T }> {
  const database = await engine.database()
  await (await startLinkplane(database)).stop()
  const store = await openStore(database)
  try {
    return { database, seeded: await seed(store.db) }
  } finally {
    await store.close()
  }
}

interface Startup {
  wallMs: number
  cpuMs: number
}

/** Starts and stops `times` servers; the median wall and CPU times to the first answered request. */
async function startups(times: number, starting: () => Promise<Server>): Promise<Startup> {
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < times; i++) {
    const server = await starting()
    await server.stop()
    wall.push(server.startupMs)
    cpu.push(server.startupCpuMs)
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]
  return { wallMs: median(wall), cpuMs: median(cpu) }
}

const pick = <T>(items: T[], count: number): T[] => Array.from({ length: count }, () => items[Math.floor(Math.random() * items.length)])

interface Row {
  name: string
  bare: Measured
  naive: Measured
  linkplane: Measured
}

/** linkplane ready for a scenario: its processes, and the requests to load them with. */
interface Loaded {
  servers: Server[]
  requests: SignedRequest[]
}

/**
 * One scenario, side by side: linkplane on each engine (the first one's answer becomes the bare server's
 * fixed body), the bare server and the naive one, all started, then loaded in turns with the same requests
 * (see interleaved). A row per engine; the SQLite row keeps the scenario's bare name.
 */
async function sideBySide(
  name: string,
  engines: Engine[],
  linkplane: (engine: Engine) => Promise<Loaded>,
  naive: () => Promise<{ server: Server; requests?: SignedRequest[] }>,
): Promise<Row[]> {
  const started: Server[] = []
  try {
    const loads: Load[] = []
    let sample: { requests: SignedRequest[]; body: string } | undefined
    for (const engine of engines) {
      const { servers, requests } = await linkplane(engine)
      started.push(...servers)
      const first = requests[0]
      const answer = await fetch(`${servers[0].url}${first.path}`, { method: first.method, headers: first.headers, body: first.body })
      const body = await answer.text()
      if (!answer.ok) throw new Error(`${name}, ${engine.name}: linkplane answered ${answer.status} ${body.slice(0, 300)}`)
      sample ??= { requests, body }
      loads.push(new Load(servers, requests.slice(1)))
    }
    const { requests, body } = sample!
    const bare = await startBare({ [`${requests[0].method} ${requests[0].path.split('?')[0]}`]: body })
    started.push(bare)
    const reference = await naive()
    started.push(reference.server)
    const measured = await interleaved([...loads, new Load(bare, requests), new Load(reference.server, reference.requests ?? requests)])
    const [bareMeasured, naiveMeasured] = measured.slice(engines.length)
    return engines.map((engine, i) => ({
      name: engine === SQLITE ? name : `${name}, ${engine.name}`,
      bare: bareMeasured,
      naive: naiveMeasured,
      linkplane: measured[i],
    }))
  } finally {
    await Promise.all(started.map((server) => server.stop()))
  }
}

async function writeScenario(as: 'admin' | 'IAM user', engines = [SQLITE]): Promise<Row[]> {
  return sideBySide(
    `CreateSubnet, signed, ${as}`,
    engines,
    async (engine) => {
      const { database, seeded: vpcId } = await seededDatabase((db) => seedVpc(db, PROJECT), engine)
      const servers = await startEngine(engine, database)
      const signer = as === 'admin' ? ADMIN : await iamUser(servers[0])
      return { servers, requests: creates(servers[0], vpcId, signer, writesFor(TURNS), 0) }
    },
    async () => ({ server: await startNaive() }),
  )
}

/** The naive server holding `count` rows like linkplane's, made through its own API. */
async function naiveWith(kind: 'subnets' | 'esw' | 'eg', count: number, instanceId = 'bench'): Promise<Server> {
  const server = await startNaive()
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  for (let i = 0; i < count; i++) {
    if (kind === 'subnets') await post(`/v1/${PROJECT}/subnets`, subnetBody(i, 'bench-vpc'))
    else if (kind === 'esw')
      await post(`/v3/${PROJECT}/l2cg/instances/${instanceId}/connections`, {
        connection: { name: `c-${i}`, vpc_id: 'v', virsubnet_id: `s-${i}`, segmentation_id: i + 1 },
      })
    else await post(`/v1/${i < 50 ? PROJECT : 'another-project'}/connections`, { name: `c-${i}`, vpc_id: 'v', subnet_id: 's' })
  }
  return server
}

/** Pages of 100 after random markers of the first 1,000 rows (any page of the list). */
const pagesAfter = (server: Server, path: string, ids: string[], as = ADMIN) =>
  pick(ids.slice(0, 900), 2000).map((marker) => signed(server, 'GET', path, { limit: '100', marker }, undefined, as))

/** The ids a naive list answers, in order. */
async function naiveIds(server: Server, path: string, key: string): Promise<string[]> {
  const page = (await (await fetch(`${server.url}${path}?limit=1000`)).json()) as Record<string, Array<{ id: string }>>
  return page[key].map((item) => item.id)
}

async function listSubnetsScenario(as: 'admin' | 'IAM user', engines = [SQLITE]): Promise<Row[]> {
  const path = `/v1/${PROJECT}/subnets`
  return sideBySide(
    `ListSubnets, 100 of 1,000, ${as}`,
    engines,
    async (engine) => {
      const { database, seeded: ids } = await seededDatabase(
        async (db) => seedSubnets(db, PROJECT, await seedVpc(db, PROJECT), 1000),
        engine,
      )
      const servers = await startEngine(engine, database)
      const signer = as === 'admin' ? ADMIN : await iamUser(servers[0])
      return { servers, requests: pagesAfter(servers[0], path, ids, signer) }
    },
    async () => {
      const naive = await naiveWith('subnets', 1000)
      return { server: naive, requests: pagesAfter(naive, path, await naiveIds(naive, path, 'subnets')) }
    },
  )
}

async function eswScenario(): Promise<Row[]> {
  const path = (instance: string) => `/v3/${PROJECT}/l2cg/instances/${instance}/connections`
  return sideBySide(
    'ESW ListConnections, 100 of 1,000',
    [SQLITE],
    async () => {
      const { database, seeded } = await seededDatabase(async (db) => {
        const instanceId = await seedEswInstance(db, PROJECT)
        return { instanceId, ids: await seedEswConnections(db, PROJECT, instanceId, 1000) }
      })
      const server = await startLinkplane(database)
      return { servers: [server], requests: pagesAfter(server, path(seeded.instanceId), seeded.ids) }
    },
    async () => {
      const naive = await naiveWith('esw', 1000)
      return { server: naive, requests: pagesAfter(naive, path('bench'), await naiveIds(naive, path('bench'), 'connections')) }
    },
  )
}

/** EventGrid pages: the project's 50 connections (its quota), sorted by the default, newest first. */
async function egScenario(): Promise<Row[]> {
  return sideBySide(
    'EventGrid ListConnections, 50 of 50 (1,000 stored)',
    [SQLITE],
    async () => {
      const { database } = await seededDatabase((db) => seedEgConnections(db, 1000, PROJECT))
      const server = await startLinkplane(database)
      const requests = Array.from({ length: 100 }, () => signed(server, 'GET', `/v1/${PROJECT}/connections`, { limit: '50' }))
      return { servers: [server], requests }
    },
    async () => ({ server: await naiveWith('eg', 1000) }),
  )
}

interface Idle {
  /** CPU time over the measured seconds, as % of one core. */
  linkplane: number
  bare: number
}

/** The share of one core a process uses over `seconds` of doing nothing asked of it (from /proc/<pid>/stat). */
async function idleCpu(server: Server, seconds: number): Promise<number> {
  const before = cpuMs(server.pid)
  const started = performance.now()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  return ((cpuMs(server.pid) - before) / (performance.now() - started)) * 100
}

/**
 * An idle server while 100,000 ESW connections wait for their transition to `connected` (realistic mode,
 * due in an hour): whatever it does by itself then is polling, and must not scan the waiting rows. It is
 * left alone for 2 s after its start first (the lifecycle's first look, the JIT compiler settling).
 */
async function idle(): Promise<Idle> {
  const { database } = await seededDatabase(async (db) => {
    const instanceId = await seedEswInstance(db, PROJECT)
    const ids = await seedEswConnections(db, PROJECT, instanceId, PENDING, 0, 'pending')
    await seedPendingTransitions(db, CONNECTION_READY, ids, 3600)
  })
  const measure = async (server: Server) => {
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const share = await idleCpu(server, IDLE_SECONDS)
    await server.stop()
    return share
  }
  return { linkplane: await measure(await startLinkplane(database)), bare: await measure(await startBare()) }
}

interface Flat {
  list: string
  size: number
  hot: Measured
  cold: Measured
  /** Cold pages of a server that keeps no list items (LINKPLANE_LIST_CACHE_MB=0): what the store's part costs. */
  uncached: Measured
}

/**
 * The same list over more and more stored rows (seeded through the store into one database, copied at each
 * size). Hot pages: ten pages at fixed random depths, the same working set at every size. Cold pages: random
 * markers over the whole table, whose items the item cache holds while the table is small. Uncached: the
 * cold pages again, from servers that keep no items. A server per size, all started together and measured in
 * turns (see interleaved). A page that costs the same at every size is served through an index, not a scan.
 */
async function flatness(): Promise<Flat[]> {
  const results: Flat[] = []
  /** Each list: what to seed once, then how to add rows `from` to `from + count - 1` (answering their ids). */
  const lists: Array<{
    list: string
    prepare: (db: Db) => Promise<(db: Db, from: number, count: number) => Promise<string[]>>
    path: () => string
  }> = []
  let instanceId = ''
  lists.push({
    list: 'ListSubnets',
    prepare: async (db) => {
      const vpcId = await seedVpc(db, PROJECT)
      return (db, from, count) => seedSubnets(db, PROJECT, vpcId, count, from)
    },
    path: () => `/v1/${PROJECT}/subnets`,
  })
  lists.push({
    list: 'ESW ListConnections',
    prepare: async (db) => {
      instanceId = await seedEswInstance(db, PROJECT)
      return (db, from, count) => seedEswConnections(db, PROJECT, instanceId, count, from)
    },
    path: () => `/v3/${PROJECT}/l2cg/instances/${instanceId}/connections`,
  })
  lists.push({
    list: 'EventGrid ListConnections',
    prepare: async () => async (db, from, count) => {
      await seedEgConnections(db, count, from === 0 ? PROJECT : undefined)
      return []
    },
    path: () => `/v1/${PROJECT}/connections`,
  })
  for (const { list, prepare, path } of lists) {
    const { database, seeded: grow } = await seededDatabase(prepare)
    const ids: string[] = []
    const copies: string[] = []
    let stored = 0
    for (const size of FLAT_SIZES) {
      const store = await openStore(database)
      for (const id of await grow(store.db, stored, size - stored)) ids.push(id)
      stored = size
      await store.close()
      copies.push(copyDatabase(database))
    }
    const page = (on: Server, marker?: string) => signed(on, 'GET', path(), marker ? { limit: '100', marker } : { limit: '100' })
    const eg = ids.length === 0
    const hotMarkers = pick(ids.slice(0, 900), 10)
    /** Pages of each size, as `markers` choose them from the ids the size holds. */
    const pages = (servers: Server[], markers: (stored: string[]) => string[]) =>
      servers.map((server, i) =>
        eg
          ? new Load(server, [page(server)])
          : new Load(
              server,
              markers(ids.slice(0, FLAT_SIZES[i] - 100)).map((m) => page(server, m)),
            ),
      )
    const cached = await Promise.all(copies.map((copy) => startLinkplane(copy)))
    const hot = await interleaved(
      pages(cached, () => pick(hotMarkers, 1000)),
      FLAT_SECONDS,
    )
    const cold = eg
      ? hot
      : await interleaved(
          pages(cached, (stored) => pick(stored, 5000)),
          FLAT_SECONDS,
        )
    await Promise.all(cached.map((server) => server.stop()))
    let uncached = cold
    if (!eg) {
      const keepNothing = await Promise.all(copies.map((copy) => startLinkplane(copy, undefined, { LINKPLANE_LIST_CACHE_MB: '0' })))
      uncached = await interleaved(
        pages(keepNothing, (stored) => pick(stored, 5000)),
        FLAT_SECONDS,
      )
      await Promise.all(keepNothing.map((server) => server.stop()))
    }
    FLAT_SIZES.forEach((size, i) => {
      results.push({ list, size, hot: hot[i], cold: cold[i], uncached: uncached[i] })
      process.stderr.write(
        `  ${list}, ${size} rows: hot p50 ${ms(hot[i].p50)} ms, cold ${ms(cold[i].p50)} ms, uncached ${ms(uncached[i].p50)} ms\n`,
      )
    })
  }
  return results
}

/** A copy of a closed SQLite database (its file, and its WAL if one is left), in a new folder. */
function copyDatabase(database: string): string {
  const copy = join(newFolder(), basename(database))
  copyFileSync(database, copy)
  if (existsSync(`${database}-wal`)) copyFileSync(`${database}-wal`, `${copy}-wal`)
  return copy
}

async function main() {
  const loadAtStart = loadavg()[0]
  process.stderr.write('building dist/ ...\n')
  build()
  await startups(1, startBare) // warms the bench's own HTTP client, which the first start-up would otherwise pay for

  let startup: Record<string, Startup> | undefined
  if (PHASES.has('startup')) {
    process.stderr.write('start-up ...\n')
    const { database: big } = await seededDatabase(async (db) =>
      seedEswConnections(db, PROJECT, await seedEswInstance(db, PROJECT), 100_000),
    )
    startup = {
      bare: await startups(STARTS, startBare),
      naive: await startups(STARTS, startNaive),
      linkplaneNew: await startups(STARTS, () => startLinkplane(newDatabase())),
      linkplane100k: await startups(STARTS, () => startLinkplane(big)),
    }
  }

  const postgres = PHASES.has('postgres') ? await benchPostgres() : undefined
  if (PHASES.has('postgres') && !postgres)
    process.stderr.write("no PostgreSQL (BENCH_POSTGRES is unset and Debian's PostgreSQL is not installed): its rows are left out\n")
  // The admin's writes and ListSubnets on every engine; the rest on SQLite alone.
  const engines = [...(PHASES.has('load') ? [SQLITE] : []), ...(postgres ? postgresEngines(postgres) : [])]
  const scenarios = [
    ...(engines.length ? [() => writeScenario('admin', engines)] : []),
    ...(PHASES.has('load') ? [() => writeScenario('IAM user')] : []),
    ...(engines.length ? [() => listSubnetsScenario('admin', engines)] : []),
    ...(PHASES.has('load') ? [() => listSubnetsScenario('IAM user'), eswScenario, egScenario] : []),
  ]
  const rows: Row[] = []
  if (scenarios.length) process.stderr.write('load ...\n')
  for (const scenario of scenarios) {
    for (const row of await scenario()) {
      process.stderr.write(`  ${row.name}: linkplane ${row.linkplane.rps.toFixed(0)}/s, bare ${row.bare.rps.toFixed(0)}/s\n`)
      rows.push(row)
    }
  }
  postgres?.stop()
  if (PHASES.has('idle')) process.stderr.write('idle ...\n')
  const idled = PHASES.has('idle') ? await idle() : undefined
  if (PHASES.has('flatness')) process.stderr.write('flatness ...\n')
  const flat = PHASES.has('flatness') ? await flatness() : []
  const report = format(rows, startup, idled, flat, loadAtStart, loadavg()[0])
  process.stdout.write(`${report}\n`)
  if (process.argv.includes('--readme')) writeReadme(report)
}

const f = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const ratio = (m: Measured, bare: Measured) => {
  const r = m.rps / bare.rps
  return `${f(m.rps)} (${r.toFixed(3)}×)`
}
const ms = (n: number) => f(n, 1)
const latency = (m: Measured) => `${ms(m.p50)} / ${ms(m.p99)}`

function format(
  rows: Row[],
  startup: Record<string, Startup> | undefined,
  idled: Idle | undefined,
  flat: Flat[],
  loadBefore: number,
  loadAfter: number,
): string {
  const started = (s: Startup) => `${f(s.wallMs)} ms (CPU ${f(s.cpuMs)} ms)`
  const lists = [...new Set(flat.map((r) => r.list))]
  const sizes = [...new Set(flat.map((r) => r.size))]
  const at = (list: string, size: number) => flat.find((r) => r.list === list && r.size === size)!
  const spread = (list: string, kind: 'hot' | 'cold' | 'uncached') => {
    const p50s = sizes.map((size) => at(list, size)[kind].p50)
    return (Math.max(...p50s) / Math.min(...p50s)).toFixed(2)
  }
  const load = [
    '| scenario | bare req/s | naive req/s (× bare) | linkplane req/s (× bare) | p50 / p99 ms: bare | naive | linkplane | peak RSS MiB: bare / naive / linkplane |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${f(r.bare.rps)} | ${ratio(r.naive, r.bare)} | ${ratio(r.linkplane, r.bare)} | ${latency(r.bare)} | ${latency(r.naive)} | ` +
        `${latency(r.linkplane)} | ${f(r.bare.rssMiB)} / ${f(r.naive.rssMiB)} / ${f(r.linkplane.rssMiB)} |`,
    ),
    '',
  ]
  const start = startup && [
    `Start-up to the first answered request, median of ${STARTS} (and the CPU time the process had used by then): ` +
      `bare node:http ${started(startup.bare)}; naive ${started(startup.naive)}; linkplane ${started(startup.linkplaneNew)} on a new ` +
      `database, ${started(startup.linkplane100k)} on one holding 100,000 ESW connections.`,
    '',
  ]
  const idleLine = idled && [
    `Idle CPU over ${IDLE_SECONDS} s, with ${f(PENDING)} lifecycle transitions waiting (due in an hour): linkplane ` +
      `${f(idled.linkplane, 2)}% of one core; bare node:http ${f(idled.bare, 2)}%.`,
    '',
  ]
  const flatness = [
    `List pages of 100 (EventGrid: the project's 50) as stored rows grow, p50 / p99 ms (a server per size, ${FLAT_SECONDS} s each in ${TURNS} turns; hot: ten fixed pages among the first 1,000 rows; cold: random markers over the whole table; uncached: the cold pages from a server started with LINKPLANE_LIST_CACHE_MB=0):`,
    '',
    `| list | ${sizes.map((s) => `${f(s)} rows`).join(' | ')} | p50 largest / smallest |`,
    `|---|${sizes.map(() => '---|').join('')}---|`,
    ...lists.flatMap((list) => [
      `| ${list}, hot | ${sizes.map((s) => latency(at(list, s).hot)).join(' | ')} | ${spread(list, 'hot')} |`,
      ...(list.startsWith('EventGrid')
        ? []
        : (['cold', 'uncached'] as const).map(
            (kind) => `| ${list}, ${kind} | ${sizes.map((s) => latency(at(list, s)[kind])).join(' | ')} | ${spread(list, kind)} |`,
          )),
    ]),
    '',
    `Peak RSS of linkplane over the flatness phases: ${f(Math.max(...flat.map((r) => Math.max(r.hot.rssMiB, r.cold.rssMiB))))} MiB ` +
      `(uncached: ${f(Math.max(...flat.map((r) => r.uncached.rssMiB)))} MiB).`,
  ]
  return [
    `linkplane benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${f(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `${CONNECTIONS} connections; each server of a scenario ${SECONDS} s, measured in ${TURNS} turns with the others; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
    '',
    ...(rows.length ? load : []),
    ...(start ?? []),
    ...(idleLine ?? []),
    ...(flat.length ? flatness : []),
  ].join('\n')
}

function writeReadme(report: string): void {
  const file = join(ROOT, 'README.md')
  const readme = readFileSync(file, 'utf8')
  const start = readme.indexOf('<!-- bench:start -->')
  const end = readme.indexOf('<!-- bench:end -->')
  if (start < 0 || end < start) throw new Error('README.md has no <!-- bench:start --> ... <!-- bench:end --> section')
  writeFileSync(file, `${readme.slice(0, start)}<!-- bench:start -->\n${report}\n${readme.slice(end)}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
