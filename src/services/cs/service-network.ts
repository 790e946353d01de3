import { newHexId, newId } from '../../platform/ids.js'
import { formatIpv4 } from '../../platform/net/ipv4.js'
import { toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { allocateAddresses } from '../vpc/addresses.js'
import { GATEWAY_OWNER } from '../vpc/subnets.js'
import type { Cidr } from '../../platform/net/ipv4.js'

/**
 * Every exclusive cluster gets its own VPC and subnet, owned by the Cloud Stream service: they live in
 * the service's own project (an account with no users, so it cannot sign in and is not listed), which is
 * why users never see them through the VPC API and why every Cloud Stream peering is cross-tenant.
 * The domain name has a dot, which account names cannot, so no user account can take it.
 */
const SERVICE_DOMAIN = 'op_svc.cloudstream'

export async function serviceProject(db: Db, clock: Clock, region: string): Promise<string> {
  const find = () =>
    db
      .selectFrom('projects as p')
      .innerJoin('domains as d', 'd.id', 'p.domain_id')
      .select('p.id')
      .where('d.name', '=', SERVICE_DOMAIN)
      .where('p.name', '=', region)
      .executeTakeFirst()
  const found = await find()
  if (found) return found.id
  const now = toStored(clock.now())
  let domain = await db.selectFrom('domains').select('id').where('name', '=', SERVICE_DOMAIN).executeTakeFirst()
  if (!domain) {
    domain = { id: newHexId() }
    await db.insertInto('domains').values({ id: domain.id, name: SERVICE_DOMAIN, created_at: now }).execute()
  }
  const id = newHexId()
  await db.insertInto('projects').values({ id, domain_id: domain.id, name: region, created_at: now }).execute()
  return id
}

/** Writes the cluster's VPC (OK) and subnet (ACTIVE, gateway allocated) inside the caller's transaction. */
export async function createClusterNetwork(
  trx: Db,
  clock: Clock,
  input: { projectId: string; clusterId: number; region: string; vpcCidr: Cidr; subnetCidr: Cidr; gateway: number },
): Promise<{ vpcId: string; subnetId: string }> {
  const now = toStored(clock.now())
  const vpcId = newId()
  const subnetId = newId()
  await trx
    .insertInto('vpcs')
    .values({
      id: vpcId,
      project_id: input.projectId,
      name: `cs-cluster-${input.clusterId}`,
      description: `Cloud Stream exclusive cluster ${input.clusterId}`,
      cidr: input.vpcCidr.text,
      status: 'OK',
      enterprise_project_id: '0',
      routes: '[]',
      created_at: now,
      updated_at: now,
    })
    .execute()
  const subnet = {
    id: subnetId,
    project_id: input.projectId,
    vpc_id: vpcId,
    name: `cs-cluster-${input.clusterId}`,
    description: '',
    cidr: input.subnetCidr.text,
    cidr_first: input.subnetCidr.first,
    cidr_last: input.subnetCidr.last,
    gateway_ip: formatIpv4(input.gateway),
    dhcp_enable: 1,
    ipv6_enable: 0,
    primary_dns: '',
    secondary_dns: '',
    dns_list: '[]',
    availability_zone: '',
    extra_dhcp_opts: '[]',
    neutron_subnet_id: newId(),
    status: 'ACTIVE' as const,
    created_at: now,
    updated_at: now,
  }
  await trx.insertInto('subnets').values(subnet).execute()
  await allocateAddresses(trx, clock, subnet, {
    projectId: input.projectId,
    addresses: [subnet.gateway_ip],
    deviceOwner: GATEWAY_OWNER,
    deviceId: subnetId,
    status: 'ACTIVE',
  })
  return { vpcId, subnetId }
}

/** Removes the cluster's VPC and subnet (their peerings are removed first by the caller). */
export async function deleteClusterNetwork(trx: Db, network: { vpcId: string; subnetId: string }): Promise<void> {
  await trx.deleteFrom('ip_allocations').where('subnet_id', '=', network.subnetId).execute()
  await trx.deleteFrom('subnets').where('id', '=', network.subnetId).execute()
  await trx.deleteFrom('vpcs').where('id', '=', network.vpcId).execute()
}
