import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyBaseLogger } from 'fastify'
import type { TransitionFault, TransitionFaults } from '../lifecycle/lifecycle.js'
import type { Principal } from '../platform/auth/principal.js'
import { newId } from '../platform/ids.js'
import type { Operation, Service } from '../platform/operation.js'
import { toStored, type Clock } from '../platform/time.js'
import type { Db } from '../store/database.js'
import { engineOf, sharedByProcesses } from '../store/engine.js'
import { checkFaultSpec, requestError, storedRuleProblem, type FaultSpec, type FaultTargets } from './spec.js'

/** A rule as the admin API shows it: the spec, its id, and how often it was hit. */
export type FaultView = FaultSpec & { id: string; hits: number; created_at: string }

interface Rule {
  id: string
  spec: FaultSpec
}

/** Other processes sharing the database (sharedByProcesses) see rule changes within this time. */
const REFRESH_INTERVAL_MS = 1000

/**
 * Applies the fault rules (`/_linkplane/faults`) to requests and lifecycle transitions. The rules live in
 * the database; each process keeps a copy, re-read when it changes them (and after a state import) and,
 * where other processes change them too (sharedByProcesses), every second. A request costs nothing while
 * there are no rules. Hits are counted in the database with a conditional update, so a rule with a count is
 * hit exactly that often, whichever processes serve the requests.
 */
export class FaultInjector implements TransitionFaults {
  private requestRules: Rule[] = []
  private lifecycleRules: Rule[] = []
  private loaded = ''
  /** Transitions a stall rule has already counted (it holds each one until it is deleted, but counts it once). */
  private readonly counted = new Set<string>()
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly targets: FaultTargets,
    private readonly log: FastifyBaseLogger,
    /** Called when the rules changed, so the lifecycle reconsiders the transitions it holds back. */
    private readonly onChange: () => void,
  ) {}

  /** Whether any request rule exists: the routes skip the injector entirely otherwise. */
  get active(): boolean {
    return this.requestRules.length > 0
  }

  start(): void {
    if (!sharedByProcesses(engineOf(this.db))) return
    this.timer = setInterval(
      () => void this.refresh().catch((error) => this.log.error({ err: error }, 'faults: reading rules failed')),
      REFRESH_INTERVAL_MS,
    )
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /**
   * Re-reads the rules; the lifecycle is told when they changed. Rules are never edited, so their ids tell
   * whether anything changed, except after a state import (`force`), which may bring other rules under old ids.
   */
  async refresh(force = false): Promise<void> {
    const rows = await this.db.selectFrom('fault_rules').select(['id', 'spec']).orderBy('created_at').orderBy('id').execute()
    const signature = rows.map((r) => r.id).join(',')
    if (signature === this.loaded && !force) return
    const rules: Rule[] = []
    for (const row of rows) {
      const spec = this.parse(row.id, row.spec)
      if (spec) rules.push({ id: row.id, spec })
    }
    this.requestRules = rules.filter((r) => r.spec.lifecycle === undefined)
    this.lifecycleRules = rules.filter((r) => r.spec.lifecycle !== undefined)
    const ids = new Set(rules.map((r) => r.id))
    for (const key of this.counted) if (!ids.has(key.slice(0, key.indexOf('/')))) this.counted.delete(key)
    this.loaded = signature
    this.onChange()
  }

  /** A stored rule, unless it is not one this server can apply (written by another version, say). */
  private parse(id: string, text: string): FaultSpec | undefined {
    const problem = storedRuleProblem(text, this.targets)
    if (problem === undefined) return JSON.parse(text) as FaultSpec
    this.log.warn({ rule: id, problem }, 'faults: ignoring a rule')
    return undefined
  }

  async create(spec: FaultSpec): Promise<FaultView> {
    checkFaultSpec(spec, this.targets)
    const row = { id: newId(), spec: JSON.stringify(spec), hits: 0, created_at: toStored(this.clock.now()) }
    await this.db.insertInto('fault_rules').values(row).execute()
    await this.refresh()
    return view(row)
  }

  async list(): Promise<FaultView[]> {
    return (await this.db.selectFrom('fault_rules').selectAll().orderBy('created_at').orderBy('id').execute()).map(view)
  }

  async show(id: string): Promise<FaultView | undefined> {
    const row = await this.db.selectFrom('fault_rules').selectAll().where('id', '=', id).executeTakeFirst()
    return row && view(row)
  }

  /** Deletes one rule (or every rule); false when there was no such rule. */
  async remove(id?: string): Promise<boolean> {
    const deleted = await this.db
      .deleteFrom('fault_rules')
      .$if(id !== undefined, (q) => q.where('id', '=', id!))
      .executeTakeFirst()
    await this.refresh()
    return deleted.numDeletedRows > 0n
  }

  /**
   * Applies the first request rule that matches and is hit: waits its delay, then throws its error (the
   * route answers it in the service's own envelope). Nothing happens when no rule is hit.
   */
  async intercept(service: Service, operation: Operation, principal: Principal | null): Promise<void> {
    for (const rule of this.requestRules) {
      const { spec } = rule
      if (spec.service !== undefined && spec.service !== service.name) continue
      if (spec.operation !== undefined && spec.operation !== operation.name) continue
      if (
        spec.account !== undefined &&
        !(principal && [principal.domainName, principal.domainId, principal.projectId].includes(spec.account))
      )
        continue
      if (!(await this.hit(rule))) continue
      if (spec.delay_ms !== undefined) await sleep(spec.delay_ms)
      if (spec.error) throw requestError(spec.error, service)
      return
    }
  }

  /** The lifecycle asks before running a due transition (see Lifecycle.useFaults). */
  async decide(task: { id: string; kind: string; resource_id: string }, canFail: boolean): Promise<TransitionFault> {
    const service = this.targets.transitions.get(task.kind)?.service
    for (const rule of this.lifecycleRules) {
      const { spec } = rule
      if (spec.service !== undefined && spec.service !== service) continue
      if (spec.transition !== undefined && spec.transition !== task.kind) continue
      if (spec.resource_id !== undefined && spec.resource_id !== task.resource_id) continue
      if (spec.lifecycle === 'stall') {
        const key = `${rule.id}/${task.id}`
        if (!this.counted.has(key)) {
          this.counted.add(key)
          await this.hit(rule)
        }
        return 'stall'
      }
      if (canFail && (await this.hit(rule))) return 'fail'
    }
    return 'run'
  }

  /** Rolls the rule's probability, then counts the hit unless its count is used up (atomically, in the database). */
  private async hit(rule: Rule): Promise<boolean> {
    const { probability, count } = rule.spec
    if (probability !== undefined && Math.random() >= probability) return false
    const updated = await this.db
      .updateTable('fault_rules')
      .set((eb) => ({ hits: eb('hits', '+', 1) }))
      .where('id', '=', rule.id)
      .$if(count !== undefined, (q) => q.where('hits', '<', count!))
      .executeTakeFirst()
    return updated.numUpdatedRows > 0n
  }
}

function view(row: { id: string; spec: string; hits: number; created_at: string }): FaultView {
  return { id: row.id, ...(JSON.parse(row.spec) as FaultSpec), hits: Number(row.hits), created_at: row.created_at }
}
