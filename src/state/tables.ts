import { emptyTables } from '../store/bulk.js'
import type { Db } from '../store/database.js'
import { checkRow, documentRow, tableColumns } from './columns.js'
import { StateRefused, type Row, type StateDocument } from './document.js'
import { OWNER_OF, STATE_OWNERS, STATE_TABLES, type TableName } from './owners.js'

/** Rows by table, in writing order. */
export type Tables = Map<TableName, Row[]>

/** Every state table's rows, grouped by owner as a document holds them (tables the database lacks are left out). */
export async function readTables(db: Db): Promise<StateDocument['data']> {
  const columns = await tableColumns(db)
  const data: StateDocument['data'] = {}
  for (const owner of STATE_OWNERS) {
    const tables = owner.tables.filter((t) => columns.has(t))
    if (tables.length === 0) continue
    data[owner.name] = {}
    for (const table of tables) {
      const rows = (await db.selectFrom(table).selectAll().execute()).map((row) => documentRow(row as Row, columns.get(table)!))
      data[owner.name][table] = inStableOrder(rows)
    }
  }
  return data
}

/**
 * A table's rows sorted by their JSON text (so by their first column, the id, for most tables): the
 * database hands them over in no defined order, and PostgreSQL moves a row when it is updated, so without
 * this an export imported and exported again could list the same rows in another order.
 */
function inStableOrder(rows: Row[]): Row[] {
  return rows
    .map((row) => ({ row, text: JSON.stringify(row) }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map(({ row }) => row)
}

/**
 * A document's rows, checked against the database's columns: every table a state table that exists
 * (under whichever owner), named once, every row of the right shape. Throws StateRefused with the place.
 */
export async function checkTables(db: Db, data: StateDocument['data']): Promise<Tables> {
  const columns = await tableColumns(db)
  const found = new Map<string, Row[]>()
  for (const [section, tables] of Object.entries(data)) {
    for (const [table, rows] of Object.entries(tables)) {
      const where = `data.${section}.${table}`
      if (!(STATE_TABLES as readonly string[]).includes(table) || !columns.has(table)) throw new StateRefused(`${where}: no such table`)
      if (found.has(table)) throw new StateRefused(`${where}: the table appears twice`)
      const owner = OWNER_OF.get(table)!
      found.set(
        table,
        rows.map((row, i) => {
          const checked = checkRow(row, columns.get(table)!, `${where}[${i}]`)
          const problem = owner.checkRow?.(table as TableName, checked)
          if (problem !== undefined) throw new StateRefused(`${where}[${i}]: ${problem}`)
          return checked
        }),
      )
    }
  }
  return new Map(STATE_TABLES.filter((t) => found.has(t)).map((t) => [t, found.get(t)!]))
}

/**
 * Deletes every state table's rows (children first); fast inside a bulkTransaction. `columns` (tableColumns
 * of the database, read before the transaction) says which tables exist.
 */
export async function wipeTables(db: Db, columns: Map<string, unknown>): Promise<void> {
  await emptyTables(
    db,
    [...STATE_TABLES].reverse().filter((t) => columns.has(t)),
  )
}

/** The most bound values in one INSERT: under SQLite's limit (32766) and PostgreSQL's (65535). */
const MAX_VALUES_PER_INSERT = 30_000

/** Writes rows table by table in writing order, many rows per INSERT. */
export async function writeTables(db: Db, tables: Tables): Promise<void> {
  for (const table of STATE_TABLES) {
    const rows = tables.get(table) ?? []
    if (rows.length === 0) continue
    const perRow = Math.max(1, Object.keys(rows[0]).length)
    const batch = Math.max(1, Math.floor(MAX_VALUES_PER_INSERT / perRow))
    for (let i = 0; i < rows.length; i += batch) {
      await db
        .insertInto(table)
        .values(rows.slice(i, i + batch) as never)
        .execute()
    }
  }
}

/** How many rows, all tables together. */
export const rowCount = (tables: Tables): number => [...tables.values()].reduce((n, rows) => n + rows.length, 0)
