import { DATAPLANE_TABLES } from '../dataplane/tables.js'
import { FAULT_TABLES } from '../faults/tables.js'
import { LIFECYCLE_TABLES } from '../lifecycle/tables.js'
import { services } from '../services/index.js'
import type { Database } from '../store/schema.js'

export type TableName = keyof Database & string

/** A part of the code that owns tables: a service, the lifecycle, the data plane or fault injection. */
export interface TableOwner {
  name: string
  /** Parents before children (foreign keys): rows are written in this order and deleted in reverse. */
  tables: readonly TableName[]
}

/**
 * Every table of the state, by owner. Services come first, in the order of the services list (IAM before
 * VPC, VPC before the services that use its subnets), so that every foreign key points to rows written
 * earlier. A test checks that this covers every table the migrations create.
 */
export const STATE_OWNERS: readonly TableOwner[] = [
  ...services.map((s) => ({ name: s.name, tables: s.tables ?? [] })),
  { name: 'dataplane', tables: DATAPLANE_TABLES },
  { name: 'lifecycle', tables: LIFECYCLE_TABLES },
  { name: 'faults', tables: FAULT_TABLES },
]

/** Every state table, in writing order. */
export const STATE_TABLES: readonly TableName[] = STATE_OWNERS.flatMap((o) => o.tables)
