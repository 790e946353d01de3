import { CompiledQuery } from 'kysely'
import type { Db } from './database.js'

/**
 * Group commit, SQLite's write path (see transaction.ts for why only SQLite's).
 *
 * On SQLite a COMMIT is most of a small write's cost: it appends every page the transaction touched to the
 * WAL, and the same few pages (the end of each table and index) are touched by every write. So the writes
 * that arrive together run one after another inside ONE transaction, each in a savepoint of its own, and
 * the group commits once:
 *
 * - A group starts one event-loop turn after its first write arrives (setImmediate), so every request read
 *   from the sockets in that turn joins it; writes that arrive while it runs (a member awaiting something
 *   outside the database lets the event loop read more requests) join it too, until it is full.
 * - The members run one at a time, in the order they arrived, each seeing what the ones before it wrote:
 *   the rules that read before they write hold exactly as they did with one transaction each.
 * - A member that throws is rolled back to its savepoint and rejected at once: nothing of it is kept, and
 *   the others carry on. The others' promises resolve only after the COMMIT that holds their writes, so an
 *   acknowledged write is in the WAL file and survives kill -9 of the process (synchronous=NORMAL, see
 *   sqlite.ts). If the COMMIT fails, or SQLite has rolled the whole transaction back (an I/O error, a full
 *   disk), every member that had succeeded is rejected with that error: none of them was written.
 * - Reads outside transactions never see a member's uncommitted writes: Kysely has one connection to
 *   SQLite and lends it to one user at a time, so they wait until the group has committed.
 * - A group is bounded (MAX_MEMBERS, MAX_MILLISECONDS) so that a burst does not make one huge transaction
 *   that answers nobody until it ends; the writes left over form the next group. A member that is slow
 *   (one that awaits something outside the database, such as the linux data plane) delays its group and,
 *   since the group holds the connection, every query behind it, just as a slow transaction of its own did;
 *   the bound is checked between members, so it cannot cut a member short.
 */
export class GroupCommit {
  private readonly waiting: Member<unknown>[] = []
  private scheduled = false

  constructor(private readonly db: Db) {}

  /** Runs `work` in the next group; resolves with its result once the group has committed. */
  run<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve, reject } as Member<unknown>)
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => void this.writeGroup())
  }

  private async writeGroup(): Promise<void> {
    const written: Array<{ member: Member<unknown>; result: unknown }> = []
    let lost: unknown
    try {
      await this.db.transaction().execute(async (trx) => {
        const started = performance.now()
        for (let taken = 0; this.waiting.length > 0 && taken < MAX_MEMBERS && performance.now() - started < MAX_MILLISECONDS; taken++) {
          const member = this.waiting.shift()!
          await trx.executeQuery(SAVEPOINT)
          let result: unknown
          try {
            result = await member.work(trx)
          } catch (error) {
            try {
              await trx.executeQuery(ROLLBACK_TO_SAVEPOINT)
              await trx.executeQuery(RELEASE_SAVEPOINT)
            } catch (rollbackError) {
              // SQLite rolled the whole transaction back on its own: the members before this one are lost too.
              lost = rollbackError
              throw rollbackError
            } finally {
              member.reject(error)
            }
            continue
          }
          await trx.executeQuery(RELEASE_SAVEPOINT)
          written.push({ member, result })
        }
      })
    } catch (error) {
      // Kysely reports the failed ROLLBACK, when SQLite had already ended the transaction; the cause is `lost`.
      for (const { member } of written) member.reject(lost ?? error)
      return
    } finally {
      this.scheduled = false
      if (this.waiting.length > 0) this.schedule()
    }
    for (const { member, result } of written) member.resolve(result)
  }
}

interface Member<T> {
  work: (trx: Db) => Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

/**
 * At most this many writes, and members started within this many milliseconds, share a commit. Under load a
 * member's own work takes a fraction of a millisecond, so a full group still answers within tens of ms.
 */
const MAX_MEMBERS = 100
const MAX_MILLISECONDS = 20

// One name serves every member: savepoints are nested, and ROLLBACK TO and RELEASE take the latest of a name.
const SAVEPOINT = CompiledQuery.raw('savepoint group_member')
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to savepoint group_member')
const RELEASE_SAVEPOINT = CompiledQuery.raw('release savepoint group_member')

const groups = new WeakMap<Db, GroupCommit>()

/** The group commit of a SQLite database (one per Kysely instance, which has the one connection). */
export function groupCommitOf(db: Db): GroupCommit {
  let group = groups.get(db)
  if (!group) groups.set(db, (group = new GroupCommit(db)))
  return group
}
