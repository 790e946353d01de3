/** Loading the servers under test with signed requests, and the writes the benchmarks send. */
import autocannon from 'autocannon'
import { PROJECT, signed, type SignedRequest, type Signer } from './client.js'
import { peakRssMiB, type Server } from './processes.js'

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)

export interface Measured {
  rps: number
  p50: number
  p99: number
  rssMiB: number
}

/**
 * Loads `server` with `requests`, taken round-robin (each connection takes the next one), for `seconds`,
 * after a second of the same load that is not measured: the tail latency is then the server's, not the
 * JIT compiler's warming up on the first requests. Several servers share the connections (a request is
 * signed for the first one's host: the signature covers the Host header, not which process answers); the
 * peak RSS is then the largest process's.
 */
export async function load(target: Server | Server[], requests: SignedRequest[], seconds = SECONDS): Promise<Measured> {
  const servers = Array.isArray(target) ? target : [target]
  const urls = servers.map((s) => s.url)
  let next = 0
  const run = (duration: number) =>
    autocannon({
      // autocannon spreads its connections over several URLs, although its types admit only one.
      url: (urls.length === 1 ? urls[0] : urls) as string,
      connections: CONNECTIONS,
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, ...requests[next++ % requests.length] }) }],
    })
  await run(1)
  const result = await run(seconds)
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors from ${urls.join(', ')}`)
  const rssMiB = Math.max(...servers.map((s) => peakRssMiB(s.pid)))
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, rssMiB }
}

/** A /28 of 10.0.0.0/8 for each n: a million subnets that never overlap. */
export function subnetBody(n: number, vpcId: string) {
  const a = (n >> 12) & 255
  const b = (n >> 4) & 255
  const c = (n & 15) << 4
  return { subnet: { name: `bench-${n}`, cidr: `10.${a}.${b}.${c}/28`, gateway_ip: `10.${a}.${b}.${c + 1}`, vpc_id: vpcId } }
}

/** Signed CreateSubnet requests, each a new subnet of `vpcId`, as `as`. */
export function creates(server: Server, vpcId: string, as: Signer, count: number, from: number): SignedRequest[] {
  return Array.from({ length: count }, (_, i) => signed(server, 'POST', `/v1/${PROJECT}/subnets`, {}, subnetBody(from + i, vpcId), as))
}
