/**
 * Stored ESW connections for the paging benchmark, written straight into a linkplane database (one instance
 * holding them all), much faster than through the API. The database must already be migrated and hold the
 * bootstrap project (start linkplane on it once first).
 */
import { newId } from '../src/platform/ids.js'
import { openStore } from '../src/store/database.js'

const BATCH = 500

/** Seeds `count` connections in `projectId`; answers their ids in list order. */
export async function seedConnections(database: string, projectId: string, count: number): Promise<string[]> {
  const store = await openStore(database)
  try {
    const start = Date.parse('2025-01-01T00:00:00Z')
    const stamp = (i: number) => new Date(start + i * 1000).toISOString()
    const instanceId = newId()
    await store.db
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
        vpc_id: newId(),
        virsubnet_id: newId(),
        tunnel_ip: '10.0.0.2',
        tunnel_port: 4789,
        tunnel_type: 'vxlan',
        charge_mode: 'postPaid',
        created_at: stamp(0),
        updated_at: stamp(0),
      })
      .execute()
    const ids: string[] = []
    const vpcId = newId()
    for (let from = 0; from < count; from += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => {
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
          status: 'disconnect' as const,
          created_at: stamp(i + 1),
          updated_at: stamp(i + 1),
        }
      })
      await store.db.transaction().execute((trx) => trx.insertInto('esw_connections').values(rows).execute())
    }
    return ids
  } finally {
    await store.close()
  }
}
