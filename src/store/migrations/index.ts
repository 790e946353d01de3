import type { Migration } from 'kysely'
import * as identity from './0001-identity.js'
import * as lifecycle from './0002-lifecycle.js'
import * as vpc from './0003-vpc.js'
import * as esw from './0004-esw.js'
import * as eg from './0005-eg.js'
import * as functiongraph from './0006-functiongraph.js'
import * as vpcPeering from './0008-vpc-peering.js'
import * as cs from './0009-cs.js'
import * as iamPolicies from './0010-iam-policies.js'
import * as vpcTagsExtendCidrs from './0011-vpc-tags-extend-cidrs.js'
import * as gateway from './0012-gateway.js'
import * as locks from './0013-locks.js'
import * as listRevisions from './0020-list-revisions.js'
import * as identityGeneration from './0021-identity-generation.js'
import * as vpcRoutes from './0040-vpc-routes.js'
import * as dataplaneHosts from './0041-dataplane-hosts.js'
import * as faultRules from './0050-fault-rules.js'
import * as subnetOwnAddresses from './0051-subnet-own-addresses.js'

/** Every schema change, in order. Names sort in the order they apply; a migration never changes once released. */
export const migrations: Record<string, Migration> = {
  '0001-identity': identity,
  '0002-lifecycle': lifecycle,
  '0003-vpc': vpc,
  '0004-esw': esw,
  '0005-eg': eg,
  '0006-functiongraph': functiongraph,
  '0008-vpc-peering': vpcPeering,
  '0009-cs': cs,
  '0010-iam-policies': iamPolicies,
  '0011-vpc-tags-extend-cidrs': vpcTagsExtendCidrs,
  '0012-gateway': gateway,
  '0013-locks': locks,
  '0020-list-revisions': listRevisions,
  '0021-identity-generation': identityGeneration,
  '0040-vpc-routes': vpcRoutes,
  '0041-dataplane-hosts': dataplaneHosts,
  '0050-fault-rules': faultRules,
  '0051-subnet-own-addresses': subnetOwnAddresses,
}
