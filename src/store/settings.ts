import { sql } from 'kysely'
import type { Db } from './database.js'

/**
 * Small named values any part of linkplane may keep (migration 0001): the bootstrap user's id
 * (`bootstrap_user_id`), Cloud Stream's cluster-id counter (`cs.last_cluster_id`) ... This file is the only
 * one that reads or writes the table.
 */
/** In the state document (see state/owners.ts): the bootstrap user's id and the counters are state. */
export const SETTINGS_TABLES = ['settings'] as const satisfies ReadonlyArray<keyof SettingsTables>

export interface SettingsTables {
  settings: { key: string; value: string }
}

export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value
}

/** The rows of these settings, as a state snapshot keeps them. */
export async function settingRows(db: Db, ...keys: string[]): Promise<Array<{ key: string; value: string }>> {
  return keys.length === 0 ? [] : db.selectFrom('settings').selectAll().where('key', 'in', keys).execute()
}

/** Writes a setting once: when it is there already, whoever wrote it first wins. */
export async function insertSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}

/**
 * The next number of a counter kept as a setting: one atomic UPDATE, so concurrent callers (in any process)
 * never get the same number, and numbers are never reused.
 */
export async function nextInSequence(db: Db, key: string): Promise<number> {
  const { rows } = await sql<{
    value: string
  }>`update settings set value = cast(cast(value as integer) + 1 as text) where key = ${key} returning value`.execute(db)
  if (rows.length === 0) throw new Error(`no sequence ${key}`)
  return Number(rows[0].value)
}
