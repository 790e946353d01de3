/**
 * `tsx bench/write-path.ts`: the write path alone. Signed CreateSubnet requests (a new /28 each, all in one
 * VPC) against linkplane on a new SQLite file, then against a bare node:http server, in one run: requests/s,
 * p50/p99, the ratio, and the CPU time linkplane spent per write (steadier than the rate on a shared machine).
 *
 *   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 50), BENCH_ROUNDS (default 1: alternate the
 *   servers this many times, to see how much a loaded machine moves the numbers); BENCH_CPU_PROF and
 *   BENCH_NODE_ARGS as for `npm run bench`.
 *   BENCH_IAM_USER=1: as an IAM user (bench/client.ts) rather than the account administrator.
 *   BENCH_BASELINE=<dir>: another checkout of linkplane, built (its dist/), measured in each round too, for a
 *   before/after comparison under the same load.
 */
import { join } from 'node:path'
import { NODE_FLAGS } from '../src/node-flags.js'
import { ADMIN, call, iamUser, PROJECT } from './client.js'
import { CONNECTIONS, creates, load, SECONDS, writesFor, type Measured } from './load.js'
import { build, linkplaneCommand, newDatabase, startBare, startLinkplane } from './processes.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1)
const BASELINE = process.env.BENCH_BASELINE
const AS_IAM_USER = process.env.BENCH_IAM_USER === '1'

/** One phase of writes against linkplane (`command`: the server to run) on a new database with one VPC. */
async function linkplane(command: string[]) {
  const server = await startLinkplane(newDatabase(), command)
  try {
    const vpc = (await call(server, 'POST', `/v1/${PROJECT}/vpcs`, { body: { vpc: { name: 'bench', cidr: '10.0.0.0/8' } } })).body.vpc
    while ((await call(server, 'GET', `/v1/${PROJECT}/vpcs/${vpc.id}`)).body.vpc.status !== 'OK')
      await new Promise((r) => setTimeout(r, 20))
    const as = AS_IAM_USER ? await iamUser(server) : ADMIN
    // One more than a load of one turn takes: the first is the bare server's answer.
    const [first, ...requests] = creates(server, vpc.id, as, writesFor(1) + 1, 0)
    const sample = await (
      await fetch(`${server.url}${first.path}`, { method: first.method, headers: first.headers, body: first.body })
    ).text()
    const measured = await load(server, requests)
    return { measured, sample, requests }
  } finally {
    await server.stop()
  }
}

async function bare(sample: string, requests: Parameters<typeof load>[1]): Promise<Measured> {
  const server = await startBare({ [`POST /v1/${PROJECT}/subnets`]: sample })
  try {
    return await load(server, requests)
  } finally {
    await server.stop()
  }
}

async function main() {
  build()
  const f = (n: number, digits = 0) => n.toFixed(digits)
  const row = (name: string, lp: Awaited<ReturnType<typeof linkplane>>, b: Measured) =>
    `| ${name} | ${f(lp.measured.rps)} | ${f(b.rps)} | ${f(lp.measured.rps / b.rps, 3)} | ${f(lp.measured.p50, 1)} / ${f(lp.measured.p99, 1)} | ${f(lp.measured.cpuMsPerRequest, 2)} | ${f(b.p50, 1)} / ${f(b.p99, 1)} |`
  console.log(
    `signed CreateSubnet in one VPC, SQLite, as ${AS_IAM_USER ? 'an IAM user' : 'the administrator'}; ${CONNECTIONS} connections, ${SECONDS} s per phase`,
  )
  console.log(
    '| round: server | linkplane req/s | bare req/s | ratio | linkplane p50 / p99 ms | linkplane CPU ms per write | bare p50 / p99 ms |',
  )
  console.log('|---|---|---|---|---|---|---|')
  for (let round = 0; round < ROUNDS; round++) {
    const before = BASELINE ? await linkplane([...NODE_FLAGS, join(BASELINE, 'dist/cli.js'), 'serve']) : undefined
    const now = await linkplane(linkplaneCommand())
    const b = await bare(now.sample, now.requests)
    if (before) console.log(row(`${round + 1}: baseline`, before, b))
    console.log(row(`${round + 1}: this checkout`, now, b))
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
