import type { FastifyBaseLogger } from 'fastify'
import type { DataPlaneConfig } from '../../config.js'
import type { AppContext } from '../../context.js'
import { followLink } from '../../services/esw/links.js'
import type { Db } from '../../store/database.js'
import type { DataPlane, DataPlaneObject, DataPlaneReport, LinkStatus } from '../driver.js'
import { readIntent } from './intent.js'
import { checkLinks } from './links.js'
import { LinkEvents } from './monitor.js'
import { Names } from './names.js'
import { observe } from './observe.js'
import { checkRequirements } from './preflight.js'
import { apply, compare, type Comparison } from './reconcile.js'
import { desiredTopology, type Desired } from './topology.js'

/** Reconciliation passes per run: removing a namespace can take devices of other namespaces with it. */
const PASSES = 3
/** Kernel events come in bursts (one change is several messages): one link check per burst. */
const EVENT_SETTLE_MS = 200

/**
 * The linux data plane: the database's networks as network namespaces, bridges, veths and VXLAN devices
 * (see topology.ts), on an isolated underlay, all named under one prefix. Nothing is added to the host's
 * own namespace and nothing is routed out of the machine.
 *
 * It works as a controller: at start (also after a crash) and whenever the database asks for something else
 * (after each API write, before its answer; after lifecycle transitions, at the next check), it compares the
 * kernel objects under its prefix with the database, creates what is missing and removes what should not
 * exist. Changes made by hand show in `report()` and in link statuses, and are repaired by the next
 * reconciliation (a restart, a change, or `reconcile()`).
 *
 * Link statuses come from the kernel (links.ts), checked every `checkSeconds` and soon after any netlink
 * event under the prefix; the checks spawn processes only for connections that have a peer to probe.
 */
export class LinuxDataPlane implements DataPlane {
  readonly name = 'linux'
  readonly names: Names
  private context: AppContext | undefined
  private stopped = true
  /** The intent the kernel was last brought to, in full; a sync with the same intent has nothing to do. */
  private realised: string | undefined
  private lastErrors: string[] = []
  private readonly links = new Map<string, LinkStatus>()
  private reconciling: Promise<unknown> = Promise.resolve()
  private checking: Promise<void> | undefined
  private checkAgain = false
  private timer: NodeJS.Timeout | undefined
  private timerDueAt = Infinity
  private eventTimer: NodeJS.Timeout | undefined
  private readonly events: LinkEvents

  constructor(
    private readonly settings: DataPlaneConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    this.names = new Names(settings.prefix)
    this.events = new LinkEvents(this.names.underlay, () => this.onKernelEvent())
  }

  async attach(): Promise<string[]> {
    this.soon()
    return []
  }

  async detach(_db: Db, connectionId: string): Promise<string[]> {
    this.links.delete(connectionId)
    this.soon()
    return []
  }

  /** The link as last seen in the kernel: a connection not checked yet is `disconnect` until it is. */
  async linkStatus(_db: Db, connectionId: string): Promise<LinkStatus> {
    return this.links.get(connectionId) ?? 'disconnect'
  }

  async start(context: AppContext): Promise<void> {
    await checkRequirements()
    this.context = context
    this.stopped = false
    await this.sync()
    this.events.restart()
    this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    clearTimeout(this.eventTimer)
    this.events.stop()
    await this.reconciling
    await this.checking
  }

  async sync(): Promise<void> {
    await this.enqueue(false)
  }

  async reconcile(): Promise<DataPlaneReport> {
    return (await this.enqueue(true)) ?? this.report()
  }

  async report(): Promise<DataPlaneReport> {
    const { comparison } = await kernelComparison(this.db(), this.names)
    return reportOf(this.names, comparison.objects, this.lastErrors)
  }

  private db(): Db {
    if (!this.context) throw new Error('the linux data plane is not started')
    return this.context.db
  }

  /** Reconciliations run one at a time, in the order asked. */
  private enqueue(force: boolean): Promise<DataPlaneReport | undefined> {
    const run = this.reconciling.then(() => this.realise(force))
    this.reconciling = run
    return run
  }

  /**
   * Brings the kernel to what the database asks for (when that changed since the last time, or `force`).
   * Failures are logged and retried at the next check, never thrown: the database stays the truth.
   */
  private async realise(force: boolean): Promise<DataPlaneReport | undefined> {
    if (this.stopped) return undefined
    try {
      const intent = await readIntent(this.db())
      const fingerprint = JSON.stringify(intent)
      if (!force && fingerprint === this.realised) return undefined
      const desired = desiredTopology(this.names, intent)
      let comparison = compare(this.names, desired, await observe(this.names, desired.floods))
      let errors: string[] = []
      for (let pass = 0; pass < PASSES && comparison.actions.length > 0; pass++) {
        errors = await apply(comparison.actions)
        if (comparison.creates.includes(this.names.underlay) && !this.stopped) this.events.restart()
        comparison = compare(this.names, desired, await observe(this.names, desired.floods))
      }
      this.lastErrors = errors
      // Conflicts stay until the database changes; failed or unfinished actions are tried again.
      this.realised = comparison.actions.length === 0 ? fingerprint : undefined
      if (errors.length > 0) this.log.warn({ errors }, 'data plane: some kernel changes failed; retrying at the next check')
      this.checkSoon()
      return reportOf(this.names, comparison.objects, errors)
    } catch (error) {
      this.realised = undefined
      this.log.error({ err: error }, 'data plane: reconciliation failed; retrying at the next check')
      return undefined
    }
  }

  /** Reconciles (if the database changed) and checks links in 50 ms, instead of at the next period. */
  private soon(): void {
    this.schedule(50)
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    const dueAt = Date.now() + delayMs
    if (dueAt >= this.timerDueAt) return
    clearTimeout(this.timer)
    this.timerDueAt = dueAt
    this.timer = setTimeout(() => void this.tick(), delayMs)
    this.timer.unref()
  }

  private async tick(): Promise<void> {
    this.timerDueAt = Infinity
    await this.sync()
    await this.checkNow()
    this.schedule(this.settings.checkSeconds * 1000)
  }

  private onKernelEvent(): void {
    if (this.stopped || this.eventTimer) return
    this.eventTimer = setTimeout(() => {
      this.eventTimer = undefined
      void this.checkNow()
    }, EVENT_SETTLE_MS)
    this.eventTimer.unref()
  }

  private checkSoon(): void {
    setImmediate(() => void this.checkNow())
  }

  /** One link check at a time; a check asked for meanwhile runs right after it. */
  private checkNow(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.checking) {
      this.checkAgain = true
      return this.checking
    }
    this.checking = (async () => {
      do {
        this.checkAgain = false
        await this.checkOnce()
      } while (this.checkAgain && !this.stopped)
    })().finally(() => (this.checking = undefined))
    return this.checking
  }

  private async checkOnce(): Promise<void> {
    const context = this.context!
    try {
      const statuses = await checkLinks(this.names, await readIntent(context.db))
      if (this.stopped) return
      for (const id of this.links.keys()) if (!statuses.has(id)) this.links.delete(id)
      for (const [id, status] of statuses) {
        this.links.set(id, status)
        if (await followLink(context.db, context.clock, id, status))
          this.log.info({ connection: id, status }, 'data plane: link status changed')
      }
    } catch (error) {
      this.log.error({ err: error }, 'data plane: link check failed')
    }
  }
}

/** The database's intent compared with the kernel (no change made): for reports and `linkplane dataplane status`. */
export async function kernelComparison(db: Db, names: Names): Promise<{ desired: Desired; comparison: Comparison }> {
  const desired = desiredTopology(names, await readIntent(db))
  return { desired, comparison: compare(names, desired, await observe(names, desired.floods)) }
}

export function reportOf(names: Names, objects: DataPlaneObject[], errors: string[]): DataPlaneReport {
  return { driver: 'linux', prefix: names.prefix, in_sync: objects.every((o) => o.state === 'ok'), objects, errors }
}
