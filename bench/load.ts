/** Loading the servers under test with signed requests, and the writes the benchmarks send. */
import autocannon from 'autocannon'
import { PROJECT, signed, type SignedRequest, type Signer } from './client.js'
import { cpuMs, peakRssMiB, type Server } from './processes.js'

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
/** How many turns the servers measured side by side take (see interleaved). */
export const TURNS = Number(process.env.BENCH_TURNS ?? 5)
/** Seconds a run may wait for the server to accept its connections (see Load.run). */
const ACCEPTING_LIMIT = 30

export interface Measured {
  rps: number
  /** Latencies in ms, to the microsecond: autocannon's own percentiles are whole milliseconds. */
  p50: number
  p99: number
  rssMiB: number
  /** CPU time the servers used in the measured seconds, per answer (clock ticks of 10 ms, summed over the runs). */
  cpuMsPerRequest: number
}

/**
 * Servers (one, or several sharing the connections) and the requests that load them, taken round-robin
 * (each connection takes the next one) across all the runs of the load. Several servers: a request is
 * signed for the first one's host (the signature covers the Host header, not which process answers); the
 * peak RSS is then the largest process's.
 */
export class Load {
  readonly servers: Server[]
  private next = 0
  private readonly latencies: number[] = []
  private answered = 0
  private seconds = 0
  private cpuMs = 0

  constructor(
    target: Server | Server[],
    private readonly requests: SignedRequest[],
  ) {
    this.servers = Array.isArray(target) ? target : [target]
  }

  /**
   * One run: `seconds` measured (or a warm-up whose answers are only checked), from the moment every
   * connection has had its first answer. Node accepts one connection per turn of its event loop (strace:
   * one accept4 per wake-up), so a busy server takes a while to take all the connections of a new run: 2.5 s
   * when each request costs 2 ms of CPU. Those first answers wait for the server's accepting, not its work.
   */
  async run(seconds: number, measured = true): Promise<void> {
    const urls = this.servers.map((s) => s.url)
    // Without a callback, autocannon answers its instance: an event emitter that is also a promise of the result.
    const instance = autocannon({
      // autocannon spreads its connections over several URLs, although its types admit only one.
      url: (urls.length === 1 ? urls[0] : urls) as string,
      connections: CONNECTIONS,
      duration: seconds + ACCEPTING_LIMIT,
      requests: [{ setupRequest: (req) => ({ ...req, ...this.requests[this.next++ % this.requests.length] }) }],
    }) as Promise<autocannon.Result> & autocannon.Instance
    const answered = new Set<unknown>()
    let until = 0
    let cpuFrom = 0
    let cpuUsed = 0
    const latencies: number[] = []
    instance.on('response', (client: unknown, status: number, _bytes: number, ms: number) => {
      if (until === 0) {
        answered.add(client)
        if (answered.size < CONNECTIONS) return
        until = performance.now() + seconds * 1000
        cpuFrom = cpuOf(this.servers)
        // autocannon stops at its next whole second; answers after `until` are not counted.
        setTimeout(() => {
          cpuUsed = cpuOf(this.servers) - cpuFrom
          instance.stop()
        }, seconds * 1000)
      } else if (status < 300 && performance.now() <= until) latencies.push(ms)
    })
    const result = await instance
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors from ${urls.join(', ')}`)
    if (until === 0)
      throw new Error(`${urls.join(', ')} answered ${answered.size} of ${CONNECTIONS} connections in ${seconds + ACCEPTING_LIMIT} s`)
    if (!measured) return
    for (const ms of latencies) this.latencies.push(ms)
    this.answered += latencies.length
    this.seconds += seconds
    this.cpuMs += cpuUsed
  }

  /** Everything the measured runs saw. */
  measured(): Measured {
    const sorted = Float64Array.from(this.latencies).sort()
    const percentile = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]
    return {
      rps: this.answered / this.seconds,
      p50: percentile(0.5),
      p99: percentile(0.99),
      rssMiB: Math.max(...this.servers.map((s) => peakRssMiB(s.pid))),
      cpuMsPerRequest: this.cpuMs / this.answered,
    }
  }
}

/**
 * Measures `loads` side by side: a second of each, not measured (the tail latency is then the server's, not
 * the JIT compiler's warming up on its first requests), then `turns` runs of each in turn, `seconds` in all
 * per load. A machine that speeds up or slows down during the measurement (a shared one does, by a third from
 * one run to the next) then moves all of them alike, and their ratios hold. Each run starts once every
 * server is idle: work a server put off (linkplane's transitions, due a quarter of a second after each
 * CreateSubnet, its WAL checkpoints) is done in its own runs, not in the next server's.
 */
export async function interleaved(loads: Load[], seconds = SECONDS, turns = TURNS): Promise<Measured[]> {
  const everyone = loads.flatMap((load) => load.servers)
  for (const load of loads) {
    await untilIdle(everyone)
    await load.run(1, false)
  }
  for (let turn = 0; turn < turns; turn++)
    for (const load of loads) {
      await untilIdle(everyone)
      await load.run(seconds / turns)
    }
  return loads.map((load) => load.measured())
}

/** Waits until none of `servers` used a clock tick of CPU (10 ms) in 100 ms, for 30 s at most. */
async function untilIdle(servers: Server[]): Promise<void> {
  const started = performance.now()
  for (let before = cpuOf(servers); performance.now() - started < 30_000;) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    const now = cpuOf(servers)
    if (now === before) return
    before = now
  }
  process.stderr.write(`  (the servers were still busy after 30 s; measuring all the same)\n`)
}

/** The CPU time `servers` have used so far, together. */
const cpuOf = (servers: Server[]) => servers.reduce((sum, server) => sum + cpuMs(server.pid), 0)

/**
 * Signed CreateSubnet requests enough for a load of `turns` runs at 5,000 writes/s: its measured seconds, and up
 * to two more a run (accepting the connections, autocannon stopping at a whole second) of the warm-up's and
 * the turns'.
 */
export const writesFor = (turns: number) => (SECONDS + 2 * (turns + 1) + 1) * 5000

/** One load by itself: a second's warm-up, then `seconds` measured. */
export async function load(target: Server | Server[], requests: SignedRequest[], seconds = SECONDS): Promise<Measured> {
  const [measured] = await interleaved([new Load(target, requests)], seconds, 1)
  return measured
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
