/**
 * Stored rows for the list benchmarks, written through the store (Kysely, in transactions of a few hundred
 * rows), much faster than through the API, which would also refuse most of them (ESW's connection limit
 * per flavor, EventGrid's quota of 50 per project). Rows are oldest first in insertion order.
 */
import { newHexId, newId } from '../src/platform/ids.js'
import type { Db } from '../src/store/database.js'

const BATCH = 400
const START = Date.parse('2025-01-01T00:00:00Z')
const stamp = (i: number) => new Date(START + i * 1000).toISOString()

async function inBatches<T>(db: Db, count: number, row: (i: number) => T, insert: (trx: Db, rows: T[]) => Promise<unknown>) {
  for (let from = 0; from < count; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => row(from + k))
    await db.transaction().execute((trx) => insert(trx, rows))
  }
}

/** A ready VPC 10.0.0.0/8 of `projectId`, for seedSubnets. */
export async function seedVpc(db: Db, projectId: string): Promise<string> {
  const id = newId()
  const now = stamp(0)
  await db
    .insertInto('vpcs')
    .values({
      id,
      project_id: projectId,
      name: `bench-${id.slice(0, 8)}`,
      description: '',
      cidr: '10.0.0.0/8',
      status: 'OK',
      enterprise_project_id: '0',
      routes: '[]',
      created_at: now,
      updated_at: now,
    })
    .execute()
  return id
}

/**
 * Subnets `from` to `from + count - 1` of `vpcId` (from seedVpc): the n-th is the n-th /28 of 10.0.0.0/8,
 * with its gateway and two DHCP addresses allocated, as CreateSubnet leaves them. Answers their ids.
 */
export async function seedSubnets(db: Db, projectId: string, vpcId: string, count: number, from = 0): Promise<string[]> {
  const ids: string[] = []
  await inBatches(
    db,
    count,
    (i) => {
      const n = from + i
      const first = 0x0a000000 + n * 16
      const ip = (k: number) => [first >>> 24, (first >>> 16) & 255, (first >>> 8) & 255, (first & 255) + k].join('.')
      const id = newId()
      ids.push(id)
      const created_at = stamp(n)
      const subnet = {
        id,
        project_id: projectId,
        vpc_id: vpcId,
        name: `seeded-${n}`,
        description: '',
        cidr: `${ip(0)}/28`,
        cidr_first: first,
        cidr_last: first + 15,
        gateway_ip: ip(1),
        dhcp_enable: 1,
        ipv6_enable: 0,
        primary_dns: '100.125.1.250',
        secondary_dns: '100.125.129.250',
        dns_list: JSON.stringify(['100.125.1.250', '100.125.129.250']),
        availability_zone: '',
        extra_dhcp_opts: '[]',
        neutron_subnet_id: newId(),
        status: 'ACTIVE' as const,
        created_at,
        updated_at: created_at,
      }
      const allocations = [
        [1, 'network:router_interface_distributed'],
        [14, 'network:dhcp'],
        [13, 'network:dhcp'],
      ].map(([k, owner]) => ({
        id: newId(),
        project_id: projectId,
        subnet_id: id,
        ip_address: ip(k as number),
        ip_number: first + (k as number),
        device_owner: owner as string,
        device_id: id,
        status: 'ACTIVE' as const,
        created_at,
      }))
      return { subnet, allocations }
    },
    async (trx, rows) => {
      await trx
        .insertInto('subnets')
        .values(rows.map((r) => r.subnet))
        .execute()
      await trx
        .insertInto('ip_allocations')
        .values(rows.flatMap((r) => r.allocations))
        .execute()
    },
  )
  return ids
}

/** An active ESW instance of `projectId`, for seedEswConnections; in `network` when given (else made-up ids). */
export async function seedEswInstance(
  db: Db,
  projectId: string,
  network: { vpcId: string; subnetId: string } = { vpcId: newId(), subnetId: newId() },
): Promise<string> {
  const instanceId = newId()
  await db
    .insertInto('esw_instances')
    .values({
      id: instanceId,
      project_id: projectId,
      name: 'bench',
      description: '',
      region: 'cn-north-4',
      flavor_ref: 'l2cg.large.ha',
      ha_mode: 'ha',
      status: 'active',
      availability_zone_primary: 'cn-north-4a',
      availability_zone_standby: 'cn-north-4b',
      vpc_id: network.vpcId,
      virsubnet_id: network.subnetId,
      tunnel_ip: '10.0.0.2',
      tunnel_port: 4789,
      tunnel_type: 'vxlan',
      charge_mode: 'postPaid',
      created_at: stamp(0),
      updated_at: stamp(0),
    })
    .execute()
  return instanceId
}

/**
 * Connections `from` to `from + count - 1` of an instance (beyond its flavor's limit: the store does not
 * check it, the API does), `disconnect` unless `pending`. Answers their ids in list order.
 */
export async function seedEswConnections(
  db: Db,
  projectId: string,
  instanceId: string,
  count: number,
  from = 0,
  status: 'disconnect' | 'pending' = 'disconnect',
): Promise<string[]> {
  const ids: string[] = []
  const vpcId = newId()
  await inBatches(
    db,
    count,
    (k) => {
      const i = from + k
      const id = newId()
      ids.push(id)
      const remote = [{ segmentation_id: i + 1, tunnel_ip: '10.255.0.1', tunnel_port: 4789, tunnel_type: 'vxlan' }]
      return {
        id,
        project_id: projectId,
        instance_id: instanceId,
        name: `bench-${i}`,
        vpc_id: vpcId,
        virsubnet_id: newId(),
        fixed_ips: JSON.stringify(['192.168.1.10', '192.168.1.11']),
        segmentation_id: i + 1,
        remote_infos: JSON.stringify(remote),
        status,
        created_at: stamp(i + 1),
        updated_at: stamp(i + 1),
      }
    },
    (trx, rows) => trx.insertInto('esw_connections').values(rows).execute(),
  )
  return ids
}

/**
 * `count` EventGrid connections: with `projectId`, 50 of them (the quota) in that project (the bench's own
 * list); the others in a new account's project, so the table grows while the listed project holds what it may.
 */
export async function seedEgConnections(db: Db, count: number, projectId?: string): Promise<void> {
  const domainId = newHexId()
  const otherProject = newHexId()
  const now = stamp(0)
  await db
    .insertInto('domains')
    .values({ id: domainId, name: `bench-${domainId}`, created_at: now })
    .execute()
  await db.insertInto('projects').values({ id: otherProject, domain_id: domainId, name: 'cn-north-4', created_at: now }).execute()
  const own = projectId ? Math.min(50, count) : 0
  if (projectId) await db.insertInto('eg_quota_usage').values({ project_id: projectId, type: 'CONNECTION', used: own }).execute()
  await inBatches(
    db,
    count,
    (i) => ({
      id: newId(),
      project_id: i < own ? projectId! : otherProject,
      name: `bench-${i}`,
      description: '',
      type: 'WEBHOOK' as const,
      vpc_id: newId(),
      subnet_id: newId(),
      status: 'CREATED' as const,
      agency: 'EG_DELEGATE_FG_AGENCY',
      instance_id: '',
      detail: '',
      error_info: '{}',
      endpoint_ip: '192.168.0.10',
      created_at: stamp(i),
      updated_at: stamp(i),
    }),
    (trx, rows) => trx.insertInto('eg_connections').values(rows).execute(),
  )
}

/**
 * A pending transition `kind` of each resource, due `seconds` from now: rows of `lifecycle_tasks` as the
 * lifecycle's schedule() writes them in realistic mode.
 */
export async function seedPendingTransitions(db: Db, kind: string, resourceIds: string[], seconds: number): Promise<void> {
  const now = new Date()
  const dueAt = new Date(now.getTime() + seconds * 1000).toISOString()
  await inBatches(
    db,
    resourceIds.length,
    (i) => ({ id: newId(), kind, resource_id: resourceIds[i], due_at: dueAt, created_at: now.toISOString() }),
    (trx, rows) => trx.insertInto('lifecycle_tasks').values(rows).execute(),
  )
}
