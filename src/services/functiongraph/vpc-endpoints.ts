import { createHash } from 'node:crypto'
import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { newId } from '../../platform/ids.js'
import { isoSeconds, toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { transaction } from '../../store/transaction.js'
import { addressesOf, AddressUnavailable, allocateAddresses, findSubnet, findVpc, releaseAddresses } from '../vpc/network.js'
import { FgsError } from './errors.js'
import type { CreateVpcEndpointBody, VpcEndpoint } from './schemas.js'
import type { FgsVpcEndpointRow } from './tables.js'

/** Who holds an endpoint's addresses in its subnet (the VPC API's device_owner). */
export const ENDPOINT_DEVICE_OWNER = 'functiongraph:vpc_endpoint'

/**
 * Addresses an endpoint takes in its subnet: two, an active and a standby one. Huawei does not say how
 * many its endpoints hold; two fills the plural `endpoints` the API answers.
 */
export const ENDPOINT_ADDRESSES = 2

/**
 * The endpoint's domain name, derived from the project, VPC and subnet: the same for every create of the
 * endpoint, also after deleting and creating it again.
 */
export function endpointDomain(projectId: string, vpcId: string, subnetId: string, region: string): string {
  const digest = createHash('sha256').update(`${projectId}/${vpcId}/${subnetId}`).digest('hex').slice(0, 16)
  return `https://${digest}.fgs-vpc-endpoint.${region}.myhuaweicloud.com`
}

async function findEndpoint(db: Db, projectId: string, vpcId: string, subnetId: string) {
  return db
    .selectFrom('fgs_vpc_endpoints')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('vpc_id', '=', vpcId)
    .where('subnet_id', '=', subnetId)
    .executeTakeFirst()
}

async function createdView(db: Db, row: FgsVpcEndpointRow) {
  return { endpoints: await addressesOf(db, row.id), address: row.address }
}

/**
 * Creates the endpoint of a VPC and subnet, taking its addresses from the subnet. A second create for
 * the same VPC and subnet answers the existing endpoint unchanged (its flavor and xrole stay as first
 * given), so retries and re-applied Terraform plans are harmless.
 */
export async function createVpcEndpoint(projectId: string, input: Static<typeof CreateVpcEndpointBody>, context: AppContext) {
  const { db, clock, config } = context
  try {
    return await transaction(db, async (trx) => {
      const existing = await findEndpoint(trx, projectId, input.vpc_id, input.subnet_id)
      if (existing) return createdView(trx, existing)
      if (!(await findVpc(trx, projectId, input.vpc_id))) throw FgsError.NotFound(`vpc ${input.vpc_id}`)
      const subnet = await findSubnet(trx, projectId, input.subnet_id)
      if (!subnet) throw FgsError.NotFound(`subnet ${input.subnet_id}`)
      if (subnet.vpc_id !== input.vpc_id)
        throw FgsError.InvalidParameter(`subnet ${input.subnet_id} does not belong to vpc ${input.vpc_id}`)
      const row: FgsVpcEndpointRow = {
        id: newId(),
        project_id: projectId,
        vpc_id: input.vpc_id,
        subnet_id: input.subnet_id,
        flavor: input.flavor ?? 'default',
        xrole: input.xrole ?? '',
        address: endpointDomain(projectId, input.vpc_id, input.subnet_id, config.region),
        created_at: toStored(clock.now()),
      }
      await trx.insertInto('fgs_vpc_endpoints').values(row).execute()
      await allocateAddresses(trx, clock, subnet, {
        count: ENDPOINT_ADDRESSES,
        projectId,
        deviceOwner: ENDPOINT_DEVICE_OWNER,
        deviceId: row.id,
        status: 'ACTIVE',
      }).catch((error) => {
        throw error instanceof AddressUnavailable
          ? FgsError.InvalidParameter(`subnet ${subnet.id} has no ${ENDPOINT_ADDRESSES} free IP addresses`)
          : error
      })
      return createdView(trx, row)
    })
  } catch (error) {
    // A concurrent create of the same endpoint committed first: answer that one.
    if (!isUniqueViolation(error)) throw error
    const existing = await findEndpoint(db, projectId, input.vpc_id, input.subnet_id)
    if (!existing) throw error
    return createdView(db, existing)
  }
}

/** Deletes the endpoint of a VPC and subnet, returning its addresses; succeeds also when there is none. */
export async function deleteVpcEndpoint(projectId: string, vpcId: string, subnetId: string, { db }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    const row = await findEndpoint(trx, projectId, vpcId, subnetId)
    if (!row) return
    await releaseAddresses(trx, row.id)
    await trx.deleteFrom('fgs_vpc_endpoints').where('id', '=', row.id).execute()
  })
}

/** linkplane extension: the project's endpoints, oldest first. */
export async function listVpcEndpoints(projectId: string, { db }: AppContext): Promise<Array<Static<typeof VpcEndpoint>>> {
  const rows = await db
    .selectFrom('fgs_vpc_endpoints')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const views = []
  for (const row of rows) {
    views.push({
      vpc_id: row.vpc_id,
      subnet_id: row.subnet_id,
      flavor: row.flavor,
      xrole: row.xrole,
      endpoints: await addressesOf(db, row.id),
      address: row.address,
      created_at: isoSeconds(row.created_at),
    })
  }
  return views
}
