/**
 * `tsx bench/write-path.ts`: the write path alone. Signed CreateSubnet requests (a new /28 each, all in one
 * VPC) against linkplane on a new SQLite file, then the same number of connections against a bare node:http
 * server, in one run: requests/s, p50/p99 and the ratio. The numbers mean something only as ratios.
 *
 *   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 50), BENCH_ROUNDS (default 1: alternate the two
 *   servers this many times, to see how much a loaded machine moves the numbers).
 *   BENCH_PROFILE=<dir>: run linkplane with `node --cpu-prof` and write its profile there.
 *   BENCH_BASELINE=<dir>: another checkout of linkplane (its sources, run through tsx) measured in each round
 *   too, for a before/after comparison under the same load.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { SERVER_CREDENTIALS, TEST_CREDENTIALS } from '../test/support/credentials.js'
import { AKSKSigner } from '../test/support/huawei-sdk.js'
import { ROOT, start, type Server } from './processes.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1)
const PROFILE = process.env.BENCH_PROFILE
const BASELINE = process.env.BENCH_BASELINE
const PROJECT = TEST_CREDENTIALS.projectId
const PATH = `/v1/${PROJECT}/subnets`

const folders: string[] = []
/** A new temporary folder, removed when the benchmark ends. */
function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'linkplane-write-path-'))
  folders.push(folder)
  return folder
}
process.on('exit', () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

function sign(method: string, url: string, path: string, body?: unknown): Record<string, string> {
  return AKSKSigner.sign(
    {
      method,
      endpoint: `${url}${path}`,
      headers: { 'content-type': 'application/json', host: new URL(url).host, 'x-project-id': PROJECT },
      queryParams: {},
      data: body,
    },
    { getAk: () => TEST_CREDENTIALS.accessKey, getSk: () => TEST_CREDENTIALS.secretKey },
  )
}

async function call(server: Server, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: sign(method, server.url, path, body),
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return response.json() as Promise<any>
}

/** A /28 in 10.0.0.0/8 for each request number: a million subnets that never overlap. */
function subnetFor(n: number, vpcId: string) {
  const a = (n >> 12) & 255
  const b = (n >> 4) & 255
  const c = (n & 15) << 4
  return { subnet: { name: `bench-${n}`, cidr: `10.${a}.${b}.${c}/28`, gateway_ip: `10.${a}.${b}.${c + 1}`, vpc_id: vpcId } }
}

async function load(server: Server, request: autocannon.Request) {
  const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: SECONDS, requests: [request] })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`)
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
}

/** linkplane from a checkout's sources (both sides of a comparison run the same way, through tsx). */
const fromSources = (root: string) => ['--import', 'tsx', join(root, 'src/cli.ts'), 'serve']

async function linkplane(round: number, command = fromSources(ROOT)) {
  const database = join(temporaryFolder(), 'linkplane.db')
  const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []
  const env = { ...SERVER_CREDENTIALS, LINKPLANE_PORT: '0', LINKPLANE_DATABASE: database, LINKPLANE_LOG_LEVEL: 'warn' }
  const server = await start([...profile, ...command], env, '/_linkplane/health')
  try {
    const vpc = (await call(server, 'POST', `/v1/${PROJECT}/vpcs`, { vpc: { name: 'bench', cidr: '10.0.0.0/8' } })).vpc
    while ((await call(server, 'GET', `/v1/${PROJECT}/vpcs/${vpc.id}`)).vpc.status !== 'OK') await new Promise((r) => setTimeout(r, 20))
    const sample = await call(server, 'POST', PATH, subnetFor(1_000_000 + round, vpc.id))
    let n = 0
    const measured = await load(server, {
      method: 'POST',
      path: PATH,
      setupRequest: (req) => {
        const body = subnetFor(n++ + round * 200_000, vpc.id)
        return { ...req, headers: sign('POST', server.url, PATH, body), body: JSON.stringify(body) }
      },
    })
    return { measured, sample }
  } finally {
    await server.stop()
  }
}

async function bare(sample: unknown) {
  const bodies = join(temporaryFolder(), 'bodies.json')
  writeFileSync(bodies, JSON.stringify({ write: JSON.stringify(sample) }))
  const server = await start(['--import', 'tsx', join(ROOT, 'bench/bare-server.ts')], { BENCH_BODIES: bodies }, '/health')
  try {
    const body = JSON.stringify(subnetFor(0, 'x'))
    return await load(server, { method: 'POST', path: '/write', body, headers: { 'content-type': 'application/json' } })
  } finally {
    await server.stop()
  }
}

async function main() {
  const f = (n: number, digits = 0) => n.toFixed(digits)
  const row = (name: string, lp: Measured, bare: Measured) =>
    `| ${name} | ${f(lp.rps)} | ${f(bare.rps)} | ${f(lp.rps / bare.rps, 3)} | ${f(lp.p50)} / ${f(lp.p99)} | ${f(bare.p50)} / ${f(bare.p99)} |`
  console.log(`signed CreateSubnet in one VPC, SQLite; ${CONNECTIONS} connections, ${SECONDS} s per phase`)
  console.log('| round: server | linkplane req/s | bare req/s | ratio | linkplane p50 / p99 ms | bare p50 / p99 ms |')
  console.log('|---|---|---|---|---|---|')
  for (let round = 0; round < ROUNDS; round++) {
    const before = BASELINE ? await linkplane(round, fromSources(BASELINE)) : undefined
    const { measured, sample } = await linkplane(round)
    const b = await bare(sample)
    if (before) console.log(row(`${round + 1}: baseline`, before.measured, b))
    console.log(row(`${round + 1}: this checkout`, measured, b))
  }
}

type Measured = Awaited<ReturnType<typeof load>>

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
