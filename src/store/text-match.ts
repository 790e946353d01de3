import { sql, type RawBuilder } from 'kysely'

/**
 * `column` contains `text`, ignoring case, the same on every engine: SQLite's LIKE ignores ASCII case and
 * PostgreSQL's does not, so both sides are lower-cased. `%`, `_` and `\` in the text match themselves.
 */
export function containsIgnoringCase(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`
}
