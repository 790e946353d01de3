import type { FastifyBaseLogger } from 'fastify'
import type { LifecycleMode } from '../config.js'
import type { AppContext } from '../context.js'
import { newId } from '../platform/ids.js'
import type { TransitionHandler } from '../platform/operation.js'
import { addSeconds, toStored, type Clock } from '../platform/time.js'
import type { Db, Engine } from '../store/database.js'
import { sharedByProcesses } from '../store/engine.js'
import { insertRows, prepared } from '../store/prepared.js'
import { transaction } from '../store/transaction.js'
import type { LifecycleTables } from './tables.js'

type Task = LifecycleTables['lifecycle_tasks']

/** A task taken by this process's transaction, unless another process's holds it (PostgreSQL). */
const claimRow = prepared((db, v: { id: string }) =>
  db.selectFrom('lifecycle_tasks').select('id').where('id', '=', v.id).forUpdate().skipLocked(),
)
/** A task done: answers its id, or nothing when it was gone already. */
const deleteTask = prepared((db, v: { id: string }) => db.deleteFrom('lifecycle_tasks').where('id', '=', v.id).returning('id'))

/**
 * Where other processes share the database (sharedByProcesses), how often it is looked at for due work that
 * nothing in this process announced: others schedule transitions too, and one that dies leaves its own for
 * the rest. Otherwise schedule() and reconsider() announce every change, so the lifecycle sleeps until the
 * next due time and an idle server does nothing at all.
 */
const POLL_INTERVAL_MS = 1000
/** The longest delay setTimeout takes (a longer one fires at once); a later due time is looked at again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1
/** A transition that throws is retried after this long. */
const RETRY_AFTER_SECONDS = 5
/** When every due transition is being run by another process, look again after this long. */
const HELD_ELSEWHERE_MS = 100

export interface Moved {
  kind: string
  resource_id: string
}

/** What fault injection (src/faults/) makes of a due transition: run it, hold it back, or fail the resource. */
export type TransitionFault = 'run' | 'stall' | 'fail'

/** Consulted before each transition runs; `canFail` says whether the kind has a failure (Service.failures). */
export interface TransitionFaults {
  decide(task: Pick<Task, 'id' | 'kind' | 'resource_id'>, canFail: boolean): Promise<TransitionFault>
}

/**
 * Moves resources through their statuses (`CREATING` -> `OK`, `build` -> `active` ...). A pending transition
 * is a row in `lifecycle_tasks`, written in the same transaction as the resource, so nothing is lost across
 * restarts. Running one claims its row, deletes it and applies the transition in one transaction, so it
 * happens exactly once however many processes share the database: on PostgreSQL the claim is a row lock
 * taken with `FOR UPDATE SKIP LOCKED` (the other processes pass over a task being run and take the next
 * one), and a process that dies mid-transition loses its connection, which rolls the transaction back and
 * frees the row for the others.
 *
 * Timing is a setting: `immediate` (on the next tick), `realistic` (the real service's durations times
 * `scale`), or `manual` (only when `advance()` is called, for tests that must see the intermediate states).
 */
export class Lifecycle {
  private readonly handlers = new Map<string, TransitionHandler>()
  /** Kinds that are deadlines: due at a wall-clock time in every mode but manual (see scheduleDeadline). */
  private readonly deadlineKinds = new Set<string>()
  /** How each kind fails when a fault rule says so (Service.failures). */
  private readonly failures = new Map<string, TransitionHandler>()
  private faults: TransitionFaults | undefined
  /** Transitions a stall rule holds back: left out of the due ones until the rules change (reconsider). */
  private readonly held = new Set<string>()
  private context: AppContext | undefined
  /** Immediate mode: transitions still waiting for a later time are to be made due now (see catchUp). */
  private catchUpPending = false
  private timer: NodeJS.Timeout | undefined
  private timerDueAt = Infinity
  private running: Promise<void> | undefined
  /** The longest the lifecycle sleeps before it looks at the database again. */
  private readonly longestSleepMs: number
  private stopped = true

  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
    private readonly clock: Clock,
    readonly mode: LifecycleMode,
    private readonly scale: number,
    private readonly log: FastifyBaseLogger,
  ) {
    this.longestSleepMs = sharedByProcesses(engine) ? POLL_INTERVAL_MS : LONGEST_TIMER_MS
  }

  register(handlers: Record<string, TransitionHandler>): void {
    for (const [kind, handler] of Object.entries(handlers)) {
      if (this.handlers.has(kind)) throw new Error(`transition ${kind} is registered twice`)
      this.handlers.set(kind, handler)
    }
  }

  /** Registers transitions that are deadlines (an unanswered request expiring), scheduled with scheduleDeadline. */
  registerDeadlines(handlers: Record<string, TransitionHandler>): void {
    this.register(handlers)
    for (const kind of Object.keys(handlers)) this.deadlineKinds.add(kind)
  }

  /** Registers how transitions fail (to their failure status) when a fault rule makes them. */
  registerFailures(handlers: Record<string, TransitionHandler>): void {
    for (const [kind, handler] of Object.entries(handlers)) {
      if (!this.handlers.has(kind)) throw new Error(`failure of ${kind}: no such transition is registered`)
      this.failures.set(kind, handler)
    }
  }

  /** Fault rules to consult before each transition. */
  useFaults(faults: TransitionFaults): void {
    this.faults = faults
  }

  /** The rules (or the state) changed: held-back transitions are due again, and are decided anew. */
  reconsider(): void {
    this.held.clear()
    this.catchUpPending = this.mode === 'immediate'
    if (this.mode !== 'manual') this.wake(0)
  }

  /** The queue as metrics report it: how many transitions wait, and how late the most overdue one is. */
  async queue(): Promise<{ depth: number; lagSeconds: number }> {
    const row = await this.db
      .selectFrom('lifecycle_tasks')
      .select((eb) => [eb.fn.countAll<number | string>().as('depth'), eb.fn.min('due_at').as('first')])
      .executeTakeFirstOrThrow()
    const late = row.first ? (this.clock.now().getTime() - Date.parse(row.first)) / 1000 : 0
    return { depth: Number(row.depth), lagSeconds: Math.max(0, late) }
  }

  /** Starts running due transitions (not in manual mode, where only `advance()` runs them). */
  start(context: AppContext): void {
    this.context = context
    this.stopped = false
    this.catchUpPending = this.mode === 'immediate'
    if (this.mode !== 'manual') this.wake(0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }

  /**
   * Schedules a transition of `resourceId`, due after `realSeconds` (how long the real service takes).
   * Pass the transaction that writes the resource, so both commit or neither.
   */
  async schedule(db: Db, kind: string, resourceId: string, realSeconds: number): Promise<void> {
    if (!this.handlers.has(kind)) throw new Error(`no transition ${kind} is registered`)
    await this.add(db, kind, resourceId, this.mode === 'immediate' ? 0 : realSeconds * this.scale)
  }

  /**
   * Schedules a deadline of `resourceId`, due `seconds` from now. Unlike a transition it is a policy
   * timeout, not the time a service takes: it is not scaled, and immediate mode does not run it early.
   * Manual mode runs it on the next advance(), like everything else.
   */
  async scheduleDeadline(db: Db, kind: string, resourceId: string, seconds: number): Promise<void> {
    if (!this.deadlineKinds.has(kind)) throw new Error(`no deadline ${kind} is registered`)
    await this.add(db, kind, resourceId, seconds)
  }

  /** Writes a pending task of `resourceId`, due `seconds` from now, and wakes the lifecycle for it. */
  private async add(db: Db, kind: string, resourceId: string, seconds: number): Promise<void> {
    const now = this.clock.now()
    await insertRows(db, 'lifecycle_tasks', [
      { id: newId(), kind, resource_id: resourceId, due_at: toStored(addSeconds(now, seconds)), created_at: toStored(now) },
    ])
    if (this.mode !== 'manual') this.wake(seconds * 1000)
  }

  /** Drops the pending transitions of a resource (it was deleted, or moved on by other means). */
  async cancel(db: Db, resourceId: string): Promise<void> {
    await db.deleteFrom('lifecycle_tasks').where('resource_id', '=', resourceId).execute()
  }

  /** Runs every transition pending now, one step each, whatever its due time; returns what moved. */
  async advance(): Promise<Moved[]> {
    const pending = await this.db.selectFrom('lifecycle_tasks').selectAll().orderBy('due_at').orderBy('id').execute()
    const moved: Moved[] = []
    for (const task of pending) {
      if (await this.run(task)) moved.push({ kind: task.kind, resource_id: task.resource_id })
    }
    return moved
  }

  private wake(delayMs: number): void {
    if (this.stopped) return
    const delay = Math.min(delayMs, this.longestSleepMs)
    const dueAt = Date.now() + delay
    if (dueAt >= this.timerDueAt) return
    clearTimeout(this.timer)
    this.timerDueAt = dueAt
    this.timer = setTimeout(() => void this.tick(), delay)
    this.timer.unref()
  }

  /**
   * A wake that comes while a run is under way is dropped: the run reads the queue again when it ends
   * (scheduleNextTick). On SQLite that read waits for the writer that scheduled the transition to commit
   * (one connection, lent to one user at a time), so it sees what woke it; on PostgreSQL it may not, and the
   * next look, a second later at most, does.
   */
  private async tick(): Promise<void> {
    this.timerDueAt = Infinity
    if (this.running || this.stopped) return
    const work = this.runDue()
    this.running = work.then(() => undefined)
    const progressed = await work
    this.running = undefined
    await this.scheduleNextTick(progressed)
  }

  /** Runs due transitions until none is left that this process can claim; false when it claimed none. */
  private async runDue(): Promise<boolean> {
    try {
      if (this.catchUpPending) await this.catchUp()
      for (;;) {
        const due = await this.dueTasks().selectAll().orderBy('due_at').orderBy('id').limit(100).execute()
        if (due.length === 0 || this.stopped) return true
        const ran = await this.runTogether(due)
        // The rest are being run by other processes, held back by fault rules, or failed and wait for their
        // retry: the next tick looks again.
        if (ran === 0) return false
      }
    } catch (error) {
      this.log.error({ err: error }, 'lifecycle: reading due transitions failed')
      return true
    }
  }

  /**
   * Runs `due` (in due order) and answers how many ran. The transitions of different resources run together:
   * on SQLite they join one group commit instead of waiting for a commit each, which let them fall ever
   * further behind a steady load of writes (125 transitions a second against 3,500 CreateSubnet: subnets
   * stayed UNKNOWN until the load stopped); on PostgreSQL they share the pool with the requests. Those of
   * one resource run one after another, in due order.
   */
  private async runTogether(due: Task[]): Promise<number> {
    const byResource = new Map<string, Task[]>()
    for (const task of due) {
      const tasks = byResource.get(task.resource_id)
      if (tasks) tasks.push(task)
      else byResource.set(task.resource_id, [task])
    }
    const counts = await Promise.all(
      [...byResource.values()].map(async (tasks) => {
        let ran = 0
        for (const task of tasks) if (await this.run(task)) ran++
        return ran
      }),
    )
    return counts.reduce((sum, ran) => sum + ran, 0)
  }

  /**
   * In immediate mode no transition waits, including those scheduled under another mode before a restart,
   * or brought by a state import; deadlines still wait for their time. Choice: rather than a due query that
   * also takes every transition that is not a deadline whatever its time (a scan of the waiting rows on
   * every tick, since no index serves it), the waiting transitions are made due now, once when the
   * lifecycle starts and once after each state import (reconsider), in one update through the due-time
   * index. A transition that failed then waits for its retry (RETRY_AFTER_SECONDS), as in the other modes.
   */
  private async catchUp(): Promise<void> {
    const now = toStored(this.clock.now())
    const deadlines = [...this.deadlineKinds]
    this.catchUpPending = false
    try {
      await this.db
        .updateTable('lifecycle_tasks')
        .set({ due_at: now })
        .where('due_at', '>', now)
        .$if(deadlines.length > 0, (q) => q.where('kind', 'not in', deadlines))
        .execute()
    } catch (error) {
      this.catchUpPending = true
      throw error
    }
  }

  /**
   * Sleeps until the next transition is due, or a second at most (another process may have scheduled one).
   * `progressed` false: the due transitions are another process's for now, so do not look again at once.
   */
  private async scheduleNextTick(progressed = true): Promise<void> {
    if (this.stopped) return
    try {
      // Held-back transitions are left out: they are due, but wait for the rules to change (reconsider).
      const next = await this.pending().select('due_at').orderBy('due_at').limit(1).executeTakeFirst()
      const delay = !next ? Infinity : Date.parse(next.due_at) - this.clock.now().getTime()
      this.wake(Math.max(progressed ? 0 : HELD_ELSEWHERE_MS, delay))
    } catch (error) {
      this.log.error({ err: error }, 'lifecycle: scheduling failed')
      this.wake(POLL_INTERVAL_MS)
    }
  }

  /** The tasks that are not held back. */
  private pending() {
    return this.db.selectFrom('lifecycle_tasks').$if(this.held.size > 0, (q) => q.where('id', 'not in', [...this.held]))
  }

  /** The tasks to run now (through the due-time index: the waiting ones are not read). */
  private dueTasks() {
    return this.pending().where('due_at', '<=', toStored(this.clock.now()))
  }

  /** Claims and applies one transition (or its failure); false when held back, or another runner has it or ran it. */
  private async run(task: Task): Promise<boolean> {
    const fault = this.faults ? await this.faults.decide(task, this.failures.has(task.kind)) : 'run'
    if (fault === 'stall') {
      this.held.add(task.id)
      return false
    }
    const handler = (fault === 'fail' ? this.failures : this.handlers).get(task.kind)
    if (!handler || !this.context) {
      this.log.error({ kind: task.kind }, 'lifecycle: no handler for a pending transition')
      return false
    }
    const context = this.context
    try {
      const ran = await transaction(this.db, async (trx) => {
        if (this.engine === 'postgres') {
          const claimed = await claimRow.first(trx, { id: task.id })
          if (!claimed) return false
          await deleteTask.run(trx, { id: task.id })
        } else if (!(await deleteTask.first(trx, { id: task.id }))) return false // one writer at a time: the row is the claim
        await handler(task.resource_id, { ...context, db: trx })
        return true
      })
      if (ran) this.log.debug({ kind: task.kind, resource: task.resource_id }, 'lifecycle: transition ran')
      return ran
    } catch (error) {
      this.log.error({ err: error, kind: task.kind, resource: task.resource_id }, 'lifecycle: transition failed; retrying later')
      const retryAt = toStored(addSeconds(this.clock.now(), RETRY_AFTER_SECONDS))
      // Unless the database is gone too: then the task is still due, and runs once it is back.
      await this.db
        .updateTable('lifecycle_tasks')
        .set({ due_at: retryAt })
        .where('id', '=', task.id)
        .execute()
        .catch(() => undefined)
      return false
    }
  }
}
