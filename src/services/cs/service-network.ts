import type { Cidr } from '../../platform/net/ipv4.js'
import type { Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { ensureServiceProject } from '../iam/directory.js'
import { createServiceNetwork, deleteServiceNetwork } from '../vpc/network.js'

/**
 * Every exclusive cluster gets its own VPC and subnet, owned by the Cloud Stream service: they live in
 * the service's own project (an account with no users, so it cannot sign in and is not listed), which is
 * why users never see them through the VPC API and why every Cloud Stream peering is cross-tenant.
 * The domain name has a dot, which account names cannot, so no user account can take it.
 */
const SERVICE_DOMAIN = 'op_svc.cloudstream'

export function serviceProject(db: Db, clock: Clock, region: string): Promise<string> {
  return ensureServiceProject(db, clock, SERVICE_DOMAIN, region)
}

/** Writes the cluster's VPC (OK) and subnet (ACTIVE, gateway allocated) inside the caller's transaction. */
export function createClusterNetwork(
  trx: Db,
  clock: Clock,
  input: { projectId: string; clusterId: number; vpcCidr: Cidr; subnetCidr: Cidr; gateway: number },
): Promise<{ vpcId: string; subnetId: string }> {
  return createServiceNetwork(trx, clock, {
    projectId: input.projectId,
    name: `cs-cluster-${input.clusterId}`,
    description: `Cloud Stream exclusive cluster ${input.clusterId}`,
    vpcCidr: input.vpcCidr,
    subnetCidr: input.subnetCidr,
    gateway: input.gateway,
  })
}

/** Removes the cluster's VPC and subnet (their peerings are removed first by the caller). */
export function deleteClusterNetwork(trx: Db, network: { vpcId: string; subnetId: string }): Promise<void> {
  return deleteServiceNetwork(trx, network)
}
