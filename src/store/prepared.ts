import type { Compilable, CompiledQuery, Insertable } from 'kysely'
import type { Db } from './database.js'
import type { Database } from './schema.js'

/**
 * Queries built and compiled once, then run with new values: for the few statements every request runs.
 * Building and compiling a small query with Kysely costs more than SQLite takes to run it (about 6 against
 * 2 to 3 µs; bench/README.md), and a CreateSubnet ran several such statements.
 *
 * `build` is called once per engine (the SQL differs) with placeholders in place of the values: it must
 * use each one only as a value (`where('id', '=', values.id)`), never to choose the query's shape, which
 * that first call fixes.
 */
export function prepared<V extends Record<string, unknown>, R>(build: (db: Db, values: V) => Compilable<R>): Prepared<V, R> {
  const placeholders = new Proxy({}, { get: (_, name) => new Slot((values) => values[name as string]) }) as V
  return compiledOnce<V, R>((db) => build(db, placeholders))
}

export interface Prepared<V, R> {
  all(db: Db, values: V): Promise<R[]>
  first(db: Db, values: V): Promise<R | undefined>
  run(db: Db, values: V): Promise<void>
}

type Row = Record<string, unknown>

/**
 * Inserts `rows` into `table` with a statement compiled once for each set of columns and number of rows (a
 * table's rows are written with the same columns wherever they are written, so there are few). The columns
 * are those the rows give a value (as Kysely leaves out an undefined one): the same in every row.
 */
export async function insertRows<T extends keyof Database & string>(db: Db, table: T, rows: Array<Insertable<Database[T]>>): Promise<void> {
  const columns = definedColumns(rows[0] as Row)
  for (const row of rows.slice(1)) {
    // A value the statement would not write is a caller's mistake, not something to drop.
    if (definedColumns(row as Row).join(',') !== columns.join(','))
      throw new Error(`insertRows(${table}): the rows give values to different columns`)
  }
  const key = `${table} ${rows.length} ${columns.join(',')}`
  let insert = inserts.get(key)
  if (insert === undefined) {
    const slots = rows.map((_, i) => Object.fromEntries(columns.map((c) => [c, new Slot((rows: Row[]) => rows[i][c])])))
    inserts.set(key, (insert = compiledOnce<Row[], unknown>((db) => db.insertInto(table).values(slots as never))))
  }
  await insert.run(db, rows as Row[])
}

const inserts = new Map<string, Prepared<Row[], unknown>>()

const definedColumns = (row: Row) => Object.keys(row).filter((column) => row[column] !== undefined)

/** A placeholder: where the compiled query's parameters hold one, each run puts the value it picks. */
class Slot<V = any> {
  constructor(readonly pick: (values: V) => unknown) {}
}

function compiledOnce<V, R>(build: (db: Db) => Compilable<R>): Prepared<V, R> {
  const queries = new Map<unknown, CompiledQuery<R>>()
  const compile = (db: Db, values: V): CompiledQuery<R> => {
    const engine = db.getExecutor().adapter.constructor
    let query = queries.get(engine)
    if (query === undefined) queries.set(engine, (query = build(db).compile()))
    return { ...query, parameters: query.parameters.map((p) => (p instanceof Slot ? p.pick(values) : p)) }
  }
  return {
    all: async (db, values) => (await db.executeQuery(compile(db, values))).rows,
    first: async (db, values) => (await db.executeQuery(compile(db, values))).rows[0],
    run: async (db, values) => void (await db.executeQuery(compile(db, values))),
  }
}
