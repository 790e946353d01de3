/**
 * `npm run bench:state`: how long `DELETE /_linkplane/state` takes on a database of 10,000 resources (a
 * SQLite file, as `linkplane serve` keeps it). The resources are written straight into the store, then the
 * reset runs; repeated, and printed as the median and the slowest. Not an assertion: the machine is shared.
 *
 *   BENCH_RESOURCES (default 10000), BENCH_RUNS (default 7).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { newId } from '../src/platform/ids.js'
import { parseCidr } from '../src/platform/net/ipv4.js'
import { serviceNetworkRows } from '../src/services/vpc/network.js'
import { resetState } from '../src/state/reset.js'
import type { Db } from '../src/store/database.js'
import { seedEswInstance } from './seed.js'
import { SERVER_CREDENTIALS, TEST_CREDENTIALS } from '../test/support/credentials.js'

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 10_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const BATCH = 500
const vpcCidr = parseCidr('10.0.0.0/16')!
const subnetCidr = parseCidr('10.0.1.0/24')!

async function insertAll(db: Db, table: 'vpcs' | 'subnets' | 'ip_allocations' | 'esw_connections' | 'eg_connections', rows: object[]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .execute()
  }
}

/** A fifth each of VPCs, subnets, private IPs, ESW connections and EventGrid connections. */
async function seed(db: Db): Promise<void> {
  const project_id = TEST_CREDENTIALS.projectId
  const now = new Date().toISOString()
  const n = Math.floor(RESOURCES / 5)
  // Each VPC with its one subnet, as the VPC service writes a ready network.
  const networks = Array.from({ length: n }, (_, i) =>
    serviceNetworkRows(
      { projectId: project_id, name: `net-${i}`, description: '', vpcCidr, subnetCidr, gateway: subnetCidr.first + 1 },
      now,
    ),
  )
  const vpcs = networks.map((network) => network.vpc)
  const subnets = networks.map((network) => network.subnet)
  const addresses = subnets.map((subnet) => ({
    id: newId(),
    project_id,
    subnet_id: subnet.id,
    ip_address: '10.0.1.10',
    ip_number: 167772426,
    device_owner: '',
    device_id: '',
    status: 'DOWN',
    created_at: now,
  }))
  const instanceId = await seedEswInstance(db, project_id, { vpcId: vpcs[0].id, subnetId: subnets[0].id })
  const eswConnections = subnets.map((subnet, i) => ({
    id: newId(),
    project_id,
    instance_id: instanceId,
    name: `esw-${i}`,
    vpc_id: subnet.vpc_id,
    virsubnet_id: subnet.id,
    fixed_ips: '["10.0.1.20","10.0.1.21"]',
    segmentation_id: i + 1,
    remote_infos: '[]',
    status: 'disconnect',
    created_at: now,
    updated_at: now,
  }))
  const egConnections = subnets.map((subnet, i) => ({
    id: newId(),
    project_id,
    name: `eg-${i}`,
    description: '',
    type: 'WEBHOOK',
    vpc_id: subnet.vpc_id,
    subnet_id: subnet.id,
    status: 'CREATED',
    agency: 'EG_DELEGATE_FG_AGENCY',
    instance_id: '',
    detail: '',
    error_info: '{}',
    endpoint_ip: '10.0.1.30',
    created_at: now,
    updated_at: now,
  }))
  await db.transaction().execute(async (trx) => {
    await insertAll(trx, 'vpcs', vpcs)
    await insertAll(trx, 'subnets', subnets)
    await insertAll(trx, 'ip_allocations', addresses)
    await insertAll(trx, 'esw_connections', eswConnections)
    await insertAll(trx, 'eg_connections', egConnections)
  })
}

const folder = mkdtempSync(join(tmpdir(), 'linkplane-bench-'))
// The settings as `linkplane serve` would read them: a database file, the test account, manual lifecycle.
const { config } = loadConfig(
  ['--database', join(folder, 'linkplane.db'), '--lifecycle', 'manual', '--log-level', 'warn'],
  SERVER_CREDENTIALS,
)
const { app, context } = await buildApp(config, { startLifecycle: false })
try {
  const durations: number[] = []
  for (let run = 0; run < RUNS; run++) {
    await seed(context.db)
    const started = performance.now()
    await resetState(context)
    durations.push(performance.now() - started)
  }
  const sorted = [...durations].sort((a, b) => a - b)
  const ms = (value: number) => `${value.toFixed(1)} ms`
  process.stdout.write(
    `state reset of ${RESOURCES} resources (SQLite file), ${RUNS} runs: median ${ms(sorted[Math.floor(RUNS / 2)])}, ` +
      `fastest ${ms(sorted[0])}, slowest ${ms(sorted[RUNS - 1])} (first run ${ms(durations[0])}, which reads a new database's rows once)\n`,
  )
} finally {
  await app.close()
  rmSync(folder, { recursive: true, force: true })
}
