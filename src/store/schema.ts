import type { LifecycleTables } from '../lifecycle/tables.js'
import type { IamPolicyTables, IdentityTables } from '../services/iam/tables.js'
import type { VpcTables } from '../services/vpc/tables.js'

/** The whole database, as Kysely sees it: each part is declared next to the code that owns it. */
export interface Database extends IdentityTables, LifecycleTables, VpcTables, IamPolicyTables {}
