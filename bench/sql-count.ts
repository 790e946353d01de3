/**
 * `npm run bench:sql`: how many SQL statements one request of each benchmarked kind runs, in process
 * (`app.inject()`, no network), with the statements of one request listed. Statements are counted where
 * better-sqlite3 runs them, so cached prepared statements count too.
 */
import { createTestApp, TEST_CREDENTIALS, type TestApp } from '../test/support/app.js'
import { createUserWithPolicies } from '../test/support/iam-users.js'
import { onEveryStatement } from '../test/support/sql-statements.js'
import { readyVpc } from '../test/support/vpc.js'
import { seedEgConnections, seedEswConnections, seedEswInstance, seedSubnets } from './seed.js'

const ran: string[] = []
onEveryStatement((sql) => ran.push(sql))

async function count(lp: TestApp, name: string, request: () => Promise<{ status: number }>, show: boolean) {
  await request() // warm: the first call of a route may load or compile what later ones reuse
  ran.length = 0
  const { status } = await request()
  process.stdout.write(`${name.padEnd(48)} ${String(ran.length).padStart(3)} statements (HTTP ${status})\n`)
  if (show) for (const sql of ran) process.stdout.write(`    ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`)
}

async function main() {
  const show = process.argv.includes('--sql')
  const lp = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
  try {
    const db = lp.linkplane.context.db
    const project = TEST_CREDENTIALS.projectId
    const vpc = await readyVpc(lp, { name: 'bench', cidr: '10.0.0.0/8' })
    await seedSubnets(db, project, vpc.id, 1000)
    const instanceId = await seedEswInstance(db, project)
    await seedEswConnections(db, project, instanceId, 1000)
    await seedEgConnections(db, 1000, project)
    const allowAll = { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['*:*:*'] }] }
    const user = await createUserWithPolicies(lp, 'bench-user', [allowAll as never])
    let n = 0
    const subnet = () => ({ subnet: { name: `s-${n}`, cidr: `10.200.${n}.0/24`, gateway_ip: `10.200.${n++}.1`, vpc_id: vpc.id } })
    const listSubnets = { query: { limit: 100 } }
    await count(lp, 'CreateSubnet, signed, admin', () => lp.call('POST', `/v1/${project}/subnets`, { body: subnet() }), show)
    await count(
      lp,
      'CreateSubnet, signed, IAM user',
      () => lp.call('POST', `/v1/${project}/subnets`, { body: subnet(), as: user.signer }),
      show,
    )
    await count(lp, 'ListSubnets 100 of 1,000, admin', () => lp.call('GET', `/v1/${project}/subnets`, listSubnets), show)
    await count(
      lp,
      'ListSubnets 100 of 1,000, IAM user',
      () => lp.call('GET', `/v1/${project}/subnets`, { ...listSubnets, as: user.signer }),
      show,
    )
    await count(
      lp,
      'ESW ListConnections 100 of 1,000',
      () => lp.call('GET', `/v3/${project}/l2cg/instances/${instanceId}/connections`, { query: { limit: 100 } }),
      show,
    )
    await count(
      lp,
      'EventGrid ListConnections 50 of 50',
      () => lp.call('GET', `/v1/${project}/connections`, { query: { limit: 50 } }),
      show,
    )
  } finally {
    await lp.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
