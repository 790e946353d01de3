/**
 * The rules that read before they write hold when the requests come at once. One in-process app serves
 * every request of a burst concurrently; on PostgreSQL (LINKPLANE_TEST_DATABASE) they run in parallel
 * transactions on the pool's connections, so exactly the allowed number succeeding means the database
 * (serializable transactions, store/transaction.ts) kept the rule. On SQLite they run one at a time.
 * The three-process version is test/reliability/processes.test.ts.
 */
import { after, before, describe, test } from 'node:test'
import { CsError } from '../../src/services/cs/errors.js'
import { EgError } from '../../src/services/eg/errors.js'
import { EswError } from '../../src/services/esw/errors.js'
import { IamManagementError } from '../../src/services/iam/management-errors.js'
import { VpcError } from '../../src/services/vpc/errors.js'
import { createTestApp, type Response, type TestApp } from '../support/app.js'
import { authoriseConnections } from '../support/eg.js'
import { connectionBody, esw, instanceBody, network, readyInstance } from '../support/esw.js'
import { exactly } from '../support/outcomes.js'
import { readySubnet, readyVpc } from '../support/vpc.js'

let lp: TestApp
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

/** Sends every request at once; answers in the order asked. */
const burst = (requests: Array<() => Promise<Response>>) => Promise.all(requests.map((send) => send()))

describe('check-then-insert rules under concurrent requests', () => {
  test('subnet overlap: of 12 creates of overlapping CIDRs in one VPC, one succeeds', async () => {
    const vpc = await readyVpc(lp, { name: 'overlap', cidr: '10.10.0.0/16' })
    const cidrs = ['10.10.0.0/24', '10.10.0.0/23', '10.10.0.128/25']
    const answers = await burst(
      Array.from({ length: 12 }, (_, i) => () => {
        const cidr = cidrs[i % cidrs.length]
        const gateway = cidr.replace(/\.\d+\/\d+$/, (m) => `.${Number(m.slice(1, m.indexOf('/'))) + 1}`)
        return lp.call('POST', `/v1/${lp.projectId}/subnets`, {
          body: { subnet: { name: `s${i}`, cidr, gateway_ip: gateway, vpc_id: vpc.id } },
        })
      }),
    )
    exactly(answers, 1, 200, VpcError.SubnetOverlaps)
  })

  test('credential limit: of 8 new access keys for a user with one, one is made', async () => {
    const answers = await burst(
      Array.from(
        { length: 8 },
        () => () =>
          lp.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
            body: { credential: { user_id: lp.linkplane.context.identity.bootstrapUserId } },
          }),
      ),
    )
    exactly(answers, 1, 201, IamManagementError.AccessKeyLimit)
  })

  test('ESW instance quota: of 24 instances, 20 are created', async () => {
    const net = await network(lp, { prefix: '10.20', l2: [] })
    const answers = await burst(
      Array.from(
        { length: 24 },
        (_, i) => () => lp.call('POST', `${esw(lp.projectId)}/instances`, { body: instanceBody(net, { name: `q${i}` }) }),
      ),
    )
    exactly(answers, 20, 201, EswError.InstanceQuotaExceeded)
  })

  test("ESW flavor's connection limit: of 8 connections on a medium instance, 3 are created", async () => {
    const fresh = await createTestApp()
    try {
      const net = await network(fresh, { prefix: '10.30', l2: [1, 2, 3, 4, 5, 6, 7, 8] })
      const instance = await readyInstance(fresh, instanceBody(net, { flavor_ref: 'l2cg.medium.ha' }))
      const answers = await burst(
        net.l2.map(
          (_, i) => () =>
            fresh.call('POST', `${esw(fresh.projectId)}/instances/${instance.id}/connections`, {
              body: connectionBody(net, i, { segmentation_id: 100 + i }),
            }),
        ),
      )
      exactly(answers, 3, 201, EswError.ConnectionLimitReached)
    } finally {
      await fresh.close()
    }
  })

  test('Cloud Stream SPU quota: of 8 clusters of 100 SPUs against a quota of 400, 4 are created', async () => {
    const answers = await burst(
      Array.from(
        { length: 8 },
        (_, i) => () => lp.call('POST', `/v1.0/${lp.projectId}/reserved_cluster`, { body: { name: `spu-${i}`, maximum_spu_quota: 100 } }),
      ),
    )
    exactly(answers, 4, 200, CsError.QuotaExceeded)
  })

  test('EventGrid quota: of 56 connections, 50 are created', async () => {
    const vpc = await readyVpc(lp, { name: 'eg', cidr: '10.40.0.0/16' })
    const subnet = await readySubnet(lp, { name: 'eg', cidr: '10.40.1.0/24', gateway_ip: '10.40.1.1', vpc_id: vpc.id })
    await authoriseConnections(lp)
    const answers = await burst(
      Array.from(
        { length: 56 },
        (_, i) => () =>
          lp.call('POST', `/v1/${lp.projectId}/connections`, { body: { name: `eg-${i}`, vpc_id: vpc.id, subnet_id: subnet.id } }),
      ),
    )
    exactly(answers, 50, 200, EgError.QuotaExceeded)
  })
})
