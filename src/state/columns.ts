import { sql } from 'kysely'
import { CACHE_COLUMNS } from '../store/cache-generations.js'
import type { Db } from '../store/database.js'
import { engineOf } from '../store/engine.js'
import { StateRefused, type Row } from './document.js'

export type ColumnKind = 'integer' | 'real' | 'text'

export interface Column {
  name: string
  kind: ColumnKind
  /** A row may hold null, or leave the column out (which means null). */
  nullable: boolean
}

/** Engines name types differently (`bigint`/`int8`, `text`/`varchar` ...); a document only needs these three. */
function kindOf(dataType: string): ColumnKind {
  if (/int|serial/i.test(dataType)) return 'integer'
  if (/real|double|float|numeric|decimal/i.test(dataType)) return 'real'
  return 'text'
}

const cache = new WeakMap<Db, Promise<Map<string, Column[]>>>()

/** Every table's columns, as the database itself describes them (read once per database: the schema is fixed once migrated). */
export function tableColumns(db: Db): Promise<Map<string, Column[]>> {
  let columns = cache.get(db)
  if (!columns) {
    columns = introspect(db)
    cache.set(db, columns)
    columns.catch(() => cache.delete(db))
  }
  return columns
}

/** Forgets what tableColumns read (a scratch database was just migrated). */
export function forgetColumns(db: Db): void {
  cache.delete(db)
}

async function introspect(db: Db): Promise<Map<string, Column[]>> {
  const engine = engineOf(db)
  // On PostgreSQL other schemas may hold tables of the same names (a test database per schema, say).
  const schema =
    engine === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0].schema : undefined
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView && (schema === undefined || t.schema === schema))
  const columns = new Map<string, Column[]>()
  for (const table of tables) {
    // SQLite lets a primary key other than an INTEGER one hold NULL (a legacy quirk): a document may not.
    const keys =
      engine === 'sqlite'
        ? new Set(
            (await sql<{ name: string }>`select name from pragma_table_info(${table.name}) where pk > 0`.execute(db)).rows.map(
              (r) => r.name,
            ),
          )
        : new Set<string>()
    columns.set(
      table.name,
      table.columns
        // Not state: rows written without them start again from the default (see store/cache-generations.ts).
        .filter((c) => !(CACHE_COLUMNS as readonly string[]).includes(c.name))
        .map((c) => ({ name: c.name, kind: kindOf(c.dataType), nullable: c.isNullable && !keys.has(c.name) })),
    )
  }
  return columns
}

/** A row as read from either engine, as a document holds it: integers as JSON numbers (PostgreSQL answers int8 as text). */
export function documentRow(row: Row, columns: Column[]): Row {
  const out: Row = {}
  for (const column of columns) {
    const value = row[column.name]
    out[column.name] = value === null || value === undefined || column.kind === 'text' ? (value ?? null) : Number(value)
  }
  return out
}

/** Checks a document's row against the table's columns; `where` names it in the reason (`data.vpc.vpcs[3]`). */
export function checkRow(row: unknown, columns: Column[], where: string): Row {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new StateRefused(`${where}: a row is a JSON object`)
  const names = new Set(columns.map((c) => c.name))
  for (const key of Object.keys(row)) if (!names.has(key)) throw new StateRefused(`${where}.${key}: no such column`)
  const checked: Row = {}
  for (const column of columns) {
    const value = (row as Row)[column.name]
    const at = `${where}.${column.name}`
    if (value === undefined || value === null) {
      if (!column.nullable) throw new StateRefused(`${at}: ${value === undefined ? 'missing' : 'may not be null'}`)
    } else if (
      column.kind === 'integer'
        ? !Number.isSafeInteger(value)
        : column.kind === 'real'
          ? typeof value !== 'number'
          : typeof value !== 'string'
    ) {
      throw new StateRefused(
        `${at}: expected ${column.kind === 'text' ? 'a string' : column.kind === 'integer' ? 'an integer' : 'a number'}`,
      )
    }
    checked[column.name] = value ?? null
  }
  return checked
}
