import { DATAPLANE_TABLES } from '../dataplane/tables.js'
import { faultTargets, storedRuleProblem } from '../faults/spec.js'
import { FAULT_TABLES } from '../faults/tables.js'
import { LIFECYCLE_TABLES } from '../lifecycle/tables.js'
import { services } from '../services/index.js'
import type { Database } from '../store/schema.js'
import { CACHE_TABLES } from '../store/cache-generations.js'
import { SETTINGS_TABLES } from '../store/settings.js'
import type { Row } from './document.js'

export type TableName = keyof Database & string

/** A part of the code that owns tables: a service, the lifecycle, the data plane or fault injection. */
export interface TableOwner {
  name: string
  /** Parents before children (foreign keys): rows are written in this order and deleted in reverse. */
  tables: readonly TableName[]
  /** What the owner's code needs of an imported row beyond its columns' types; the reason when it will not do. */
  checkRow?(table: TableName, row: Row): string | undefined
}

/**
 * Every table of the state, by owner. Services come first, in the order of the services list (IAM before
 * VPC, VPC before the services that use its subnets), so that every foreign key points to rows written
 * earlier. A test checks that this covers every table the migrations create.
 */
export const STATE_OWNERS: readonly TableOwner[] = [
  // The store's settings (store/settings.ts) sit in the document under `iam`, where its first version put
  // them (the bootstrap user's id is the setting that matters); documents keep that shape.
  ...services.map((s) => ({ name: s.name, tables: s.name === 'iam' ? [...SETTINGS_TABLES, ...(s.tables ?? [])] : (s.tables ?? []) })),
  { name: 'dataplane', tables: DATAPLANE_TABLES },
  { name: 'lifecycle', tables: LIFECYCLE_TABLES },
  // A rule is applied as it is read: one that cannot be (not JSON, an unknown service) is refused on import.
  { name: 'faults', tables: FAULT_TABLES, checkRow: (_table, row) => storedRuleProblem(String(row.spec), faultTargets(services)) },
]

/**
 * Tables that coordinate the processes on one database rather than hold state: named locks (store/locks.ts),
 * the gateway's failed-signature counts and rate-limit buckets (platform/tables.ts), and the caches'
 * generations (store/cache-generations.ts: an import or reset moves them on). A snapshot leaves
 * them out; a reset or import leaves the first two as they are.
 */
export const COORDINATION_TABLES: readonly TableName[] = ['locks', 'signature_failures', 'rate_limit_buckets', ...CACHE_TABLES]

/** Every state table, in writing order. */
export const STATE_TABLES: readonly TableName[] = STATE_OWNERS.flatMap((o) => o.tables)

/** The owner of each table. */
export const OWNER_OF = new Map<string, TableOwner>(STATE_OWNERS.flatMap((o) => o.tables.map((t) => [t, o] as const)))
