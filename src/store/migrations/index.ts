import type { Migration } from 'kysely'
import * as identity from './0001-identity.js'
import * as lifecycle from './0002-lifecycle.js'
import * as vpc from './0003-vpc.js'
import * as iamPolicies from './0010-iam-policies.js'

/** Every schema change, in order. Names sort in the order they apply; a migration never changes once released. */
export const migrations: Record<string, Migration> = {
  '0001-identity': identity,
  '0002-lifecycle': lifecycle,
  '0003-vpc': vpc,
  '0010-iam-policies': iamPolicies,
}
