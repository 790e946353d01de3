/**
 * Every SQL statement better-sqlite3 runs in this process, reported where it runs (so cached prepared
 * statements count too): for tests and tools that count what a request, or an idle server, runs.
 */
import Database from 'better-sqlite3'

const listeners: Array<(sql: string) => void> = []
const statement = Object.getPrototypeOf(new Database(':memory:').prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>
for (const method of ['all', 'get', 'run', 'iterate']) {
  const original = statement[method]
  statement[method] = function (this: { source: string }, ...args: unknown[]) {
    for (const listener of listeners) listener(this.source)
    return original.apply(this, args)
  }
}

/** Calls `listener` with the SQL of each statement run from now on. */
export function onEveryStatement(listener: (sql: string) => void): void {
  listeners.push(listener)
}
