import type { DataPlaneTables } from '../dataplane/tables.js'
import type { FaultTables } from '../faults/tables.js'
import type { LifecycleTables } from '../lifecycle/tables.js'
import type { CsTables } from '../services/cs/tables.js'
import type { EgTables } from '../services/eg/tables.js'
import type { EswTables } from '../services/esw/tables.js'
import type { FunctionGraphTables } from '../services/functiongraph/tables.js'
import type { IamPolicyTables, IdentityTables } from '../services/iam/tables.js'
import type { VpcPeeringTables } from '../services/vpc-peering/tables.js'
import type { VpcTables } from '../services/vpc/tables.js'
import type { LockTables } from './locks.js'
import type { SettingsTables } from './settings.js'
import type { GatewayTables } from '../platform/tables.js'
import type { CacheGenerationTables } from './cache-generations.js'

/** The whole database, as Kysely sees it: each part is declared next to the code that owns it. */
export interface Database
  extends
    SettingsTables,
    LockTables,
    GatewayTables,
    IdentityTables,
    IamPolicyTables,
    LifecycleTables,
    VpcTables,
    VpcPeeringTables,
    EswTables,
    DataPlaneTables,
    EgTables,
    FunctionGraphTables,
    CsTables,
    FaultTables,
    CacheGenerationTables {}
