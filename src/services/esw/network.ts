import { AddressUnavailable, allocateAddresses, findSubnet, findVpc, type Subnet } from '../vpc/network.js'
import type { Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { EswError } from './errors.js'

/** Owners ESW writes on the addresses it takes, so the VPC API shows who holds them. */
export const TUNNEL_OWNER = 'network:l2cg_tunnel'
export const NODE_OWNER = 'network:l2cg_node'
export const CONNECTION_OWNER = 'network:l2cg_connection'

/** A subnet of the caller's VPC, ready for use: l2cg.9924, l2cg.9925 or l2cg.9926 otherwise. */
export async function readySubnet(db: Db, projectId: string, vpcId: string, subnetId: string): Promise<Subnet> {
  if (!(await findVpc(db, projectId, vpcId))) throw EswError.VpcNotFound(vpcId)
  const subnet = await findSubnet(db, projectId, subnetId)
  if (!subnet || subnet.vpc_id !== vpcId) throw EswError.SubnetNotFound(subnetId, vpcId)
  if (subnet.status !== 'ACTIVE') throw EswError.SubnetNotActive(subnetId)
  return subnet
}

/**
 * Takes addresses in a subnet through the VPC's address management (so no other resource can hold them),
 * turning an unavailable address into the ESW code `unavailable` makes.
 */
export async function takeAddresses(
  db: Db,
  clock: Clock,
  subnet: Subnet,
  owner: { projectId: string; deviceOwner: string; deviceId: string },
  wanted: { addresses: string[] } | { count: number },
  unavailable: (address: string) => Error,
): Promise<string[]> {
  try {
    const rows = await allocateAddresses(db, clock, subnet, { ...owner, ...wanted, status: 'ACTIVE' })
    return rows.map((r) => r.ip_address)
  } catch (error) {
    throw error instanceof AddressUnavailable ? unavailable(error.address) : error
  }
}
