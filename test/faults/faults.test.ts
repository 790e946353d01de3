import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../support/app.js'
import { authoriseConnections, readyNetwork } from '../support/eg.js'
import { connectionBody, esw, instanceBody, network, readyInstance } from '../support/esw.js'
import { createTenant, type Tenant } from '../support/tenants.js'
import { assertVpcError, readySubnet, readyVpc } from '../support/vpc.js'

/** Fault rules over the admin API, in process, in manual lifecycle mode so every transition is observed. */
let lp: TestApp
let tenant: Tenant
before(async () => {
  lp = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
  tenant = await createTenant(lp, 'faulty')
})
after(() => lp.close())

const vpcs = () => `/v1/${lp.projectId}/vpcs`
const createFault = async (rule: Record<string, unknown>) => {
  const response = await lp.call('POST', '/_linkplane/faults', { body: rule })
  assert.equal(response.status, 201, JSON.stringify(response.body))
  return response.body.fault
}
const hits = async (id: string) => (await lp.call('GET', `/_linkplane/faults/${id}`)).body.fault.hits
const clearFaults = async () => assert.equal((await lp.call('DELETE', '/_linkplane/faults')).status, 204)

describe('fault rules: create, list, show, delete', () => {
  test('a rule is listed with its hits, shown, and deleted; unknown ids answer 404', async () => {
    const rule = await createFault({ service: 'vpc', operation: 'ShowVpc', error: { status: 503 } })
    assert.match(rule.id, /^[0-9a-f-]{36}$/)
    assert.deepEqual(
      { ...rule, id: undefined, created_at: undefined },
      {
        id: undefined,
        created_at: undefined,
        service: 'vpc',
        operation: 'ShowVpc',
        error: { status: 503 },
        hits: 0,
      },
    )
    const listed = await lp.call('GET', '/_linkplane/faults')
    assert.deepEqual(
      listed.body.faults.map((f: { id: string }) => f.id),
      [rule.id],
    )
    assert.equal((await lp.call('DELETE', `/_linkplane/faults/${rule.id}`)).status, 204)
    const gone = await lp.call('GET', `/_linkplane/faults/${rule.id}`)
    assert.deepEqual([gone.status, gone.body.error_code], [404, 'LINKPLANE.0404'])
    assert.equal((await lp.call('DELETE', `/_linkplane/faults/${rule.id}`)).status, 404)
    assert.deepEqual((await lp.call('GET', '/_linkplane/faults')).body.faults, [])
  })

  test('rules that could never match, or mix requests and lifecycles, are refused with 400', async () => {
    for (const [rule, reason] of [
      [{ service: 'nova', error: { status: 500 } }, /unknown service "nova"/],
      [{ service: 'vpc', operation: 'CreateInstance', error: { status: 500 } }, /unknown operation "CreateInstance"/],
      [{ service: 'vpc' }, /needs error, delay_ms or lifecycle/],
      [{ error: { status: 418 } }, /error_code is needed for status 418/],
      [{ lifecycle: 'stall', error: { status: 500 } }, /lifecycle rule takes/],
      [{ lifecycle: 'stall', count: 2 }, /stall rule holds every matching transition/],
      [{ transition: 'vpc.vpc-ready', error: { status: 500 } }, /filter lifecycle rules/],
      [{ lifecycle: 'fail', transition: 'vpc.no-such' }, /unknown transition/],
      [{ lifecycle: 'fail', transition: 'vpc-peering.expire' }, /no matching transition has a failure status/],
      [{ lifecycle: 'fail', service: 'functiongraph' }, /no matching transition has a failure status/],
    ] as const) {
      const response = await lp.call('POST', '/_linkplane/faults', { body: rule })
      assert.equal(response.status, 400, JSON.stringify(rule))
      assert.equal(response.body.error_code, 'LINKPLANE.0400')
      assert.match(response.body.error_msg, reason)
    }
    const badShape = await lp.call('POST', '/_linkplane/faults', { body: { error: { status: 200 } } })
    assert.deepEqual([badShape.status, badShape.body.error_code], [400, 'LINKPLANE.0400'])
    assert.deepEqual((await lp.call('GET', '/_linkplane/faults')).body.faults, [])
  })

  test('only the bootstrap administrator manages rules', async () => {
    const response = await lp.call('GET', '/_linkplane/faults', { as: tenant.signer })
    assert.deepEqual([response.status, response.body.error_code], [403, 'APIGW.0302'])
  })
})

describe('request rules', () => {
  test("an error answers in the service's own envelope, as often as the count says, and counts its hits", async () => {
    const rule = await createFault({ service: 'vpc', operation: 'CreateVpc', count: 2, error: { status: 503 } })
    for (let i = 0; i < 2; i++) {
      const refused = await lp.call('POST', vpcs(), { body: { vpc: { name: `count-${i}` } } })
      assertVpcError(refused, 503, 'APIGW.0202')
      assert.equal(refused.body.message, 'Backend unavailable')
    }
    const created = await lp.call('POST', vpcs(), { body: { vpc: { name: 'count-2' } } })
    assert.equal(created.status, 200)
    assert.equal(await hits(rule.id), 2)
    // Nothing was written by the refused calls.
    const names = (await lp.call('GET', vpcs())).body.vpcs.map((v: { name: string }) => v.name)
    assert.ok(!names.includes('count-0') && names.includes('count-2'))
    await clearFaults()
  })

  test("a 500 answers the service's own internal error; 429 the gateway's throttling code; given codes are kept", async () => {
    await createFault({ service: 'vpc', operation: 'ListVpcs', count: 1, error: { status: 500 } })
    assertVpcError(await lp.call('GET', vpcs()), 500, 'VPC.0105')
    await createFault({ service: 'esw', count: 1, error: { status: 429 } })
    const throttled = await lp.call('GET', `${esw(lp.projectId)}/instances`)
    assert.equal(throttled.status, 429)
    assert.deepEqual(Object.keys(throttled.body).sort(), ['error_code', 'error_msg', 'request_id'])
    assert.equal(throttled.body.error_code, 'APIGW.0308')
    await createFault({ service: 'cs', count: 1, error: { status: 400, error_code: 'CS.10001', error_msg: 'broken on purpose' } })
    const cs = await lp.call('GET', `/v1.0/${lp.projectId}/reserved_clusters`)
    assert.equal(cs.status, 400)
    assert.deepEqual([cs.body.error_id, cs.body.error_cause], ['CS.10001', 'broken on purpose'])
    await clearFaults()
  })

  test('a rule for one account leaves the others alone', async () => {
    const rule = await createFault({ account: tenant.name, error: { status: 503 } })
    assert.equal((await lp.call('GET', vpcs())).status, 200)
    assertVpcError(await lp.call('GET', `/v1/${tenant.projectId}/vpcs`, { as: tenant.signer }), 503, 'APIGW.0202')
    await lp.call('DELETE', `/_linkplane/faults/${rule.id}`)
    await createFault({ account: tenant.projectId, service: 'vpc', error: { status: 500 } })
    assertVpcError(await lp.call('GET', `/v1/${tenant.projectId}/vpcs`, { as: tenant.signer }), 500, 'VPC.0105')
    assert.equal((await lp.call('GET', vpcs())).status, 200)
    await clearFaults()
  })

  test('a delay answers late, and correctly', async () => {
    await createFault({ service: 'vpc', operation: 'ListVpcs', delay_ms: 300 })
    const started = Date.now()
    const listed = await lp.call('GET', vpcs())
    assert.equal(listed.status, 200)
    assert.ok(Date.now() - started >= 300, `answered after ${Date.now() - started} ms`)
    await clearFaults()
  })

  test('a probability hits about that share of the matching requests', async () => {
    const rule = await createFault({ service: 'vpc', operation: 'ListVpcs', probability: 0.5, error: { status: 503 } })
    let refused = 0
    for (let i = 0; i < 200; i++) if ((await lp.call('GET', vpcs())).status === 503) refused++
    assert.equal(await hits(rule.id), refused)
    // 200 draws at 0.5: below 60 or above 140 is ten standard deviations out.
    assert.ok(refused > 60 && refused < 140, `${refused} of 200`)
    await clearFaults()
  })

  test('the admin API is never faulted, so rules can always be removed', async () => {
    await createFault({ error: { status: 503 } })
    assert.equal((await lp.call('GET', '/_linkplane/faults')).status, 200)
    assert.equal((await lp.call('GET', '/_linkplane/health', { as: 'anonymous' })).status, 200)
    await clearFaults()
    assert.equal((await lp.call('GET', vpcs())).status, 200)
  })
})

describe('lifecycle rules', () => {
  // Each test starts with no pending transition, so that what moves (or not) is what the test made.
  beforeEach(async () => {
    while ((await lp.advance()).length > 0);
  })

  test('stall holds a transition (counted once) until the rule is deleted', async () => {
    const rule = await createFault({ lifecycle: 'stall', transition: 'vpc.vpc-ready' })
    const vpc = (await lp.call('POST', vpcs(), { body: { vpc: { name: 'stalled', cidr: '10.40.0.0/16' } } })).body.vpc
    for (let i = 0; i < 3; i++) assert.deepEqual(await lp.advance(), [])
    assert.equal((await lp.call('GET', `${vpcs()}/${vpc.id}`)).body.vpc.status, 'CREATING')
    assert.equal(await hits(rule.id), 1)
    await lp.call('DELETE', `/_linkplane/faults/${rule.id}`)
    assert.deepEqual(await lp.advance(), [{ kind: 'vpc.vpc-ready', resource_id: vpc.id }])
    assert.equal((await lp.call('GET', `${vpcs()}/${vpc.id}`)).body.vpc.status, 'OK')
  })

  test('stall can name one resource: the others move on', async () => {
    const a = (await lp.call('POST', vpcs(), { body: { vpc: { name: 'held', cidr: '10.41.0.0/16' } } })).body.vpc
    const b = (await lp.call('POST', vpcs(), { body: { vpc: { name: 'free', cidr: '10.42.0.0/16' } } })).body.vpc
    await createFault({ lifecycle: 'stall', resource_id: a.id })
    assert.deepEqual(await lp.advance(), [{ kind: 'vpc.vpc-ready', resource_id: b.id }])
    assert.equal((await lp.call('GET', `${vpcs()}/${a.id}`)).body.vpc.status, 'CREATING')
    await clearFaults()
    await lp.advance()
    assert.equal((await lp.call('GET', `${vpcs()}/${a.id}`)).body.vpc.status, 'OK')
  })

  test('fail sends VPCs and subnets to ERROR, the count limiting how many', async () => {
    const ok = await readyVpc(lp, { name: 'fine', cidr: '10.44.0.0/16' })
    const rule = await createFault({ lifecycle: 'fail', service: 'vpc', count: 2 })
    const vpc = (await lp.call('POST', vpcs(), { body: { vpc: { name: 'doomed', cidr: '10.43.0.0/16' } } })).body.vpc
    await lp.advance()
    assert.equal((await lp.call('GET', `${vpcs()}/${vpc.id}`)).body.vpc.status, 'ERROR')
    const subnet = (
      await lp.call('POST', `/v1/${lp.projectId}/subnets`, {
        body: { subnet: { name: 'doomed', cidr: '10.44.1.0/24', gateway_ip: '10.44.1.1', vpc_id: ok.id } },
      })
    ).body.subnet
    await lp.advance()
    assert.equal((await lp.call('GET', `/v1/${lp.projectId}/subnets/${subnet.id}`)).body.subnet.status, 'ERROR')
    assert.equal(await hits(rule.id), 2)
    // The count is used up: the next VPC becomes OK. A VPC in ERROR can be deleted.
    await readyVpc(lp, { name: 'after', cidr: '10.45.0.0/16' })
    assert.equal((await lp.call('DELETE', `${vpcs()}/${vpc.id}`)).status, 204)
    await clearFaults()
  })

  test('fail sends an EventGrid connection to CREATE_FAILED with its error_info', async () => {
    const net = await readyNetwork(lp, 46)
    await authoriseConnections(lp)
    await createFault({ lifecycle: 'fail', transition: 'eg.connection-ready' })
    const created = await lp.call('POST', `/v1/${lp.projectId}/connections`, {
      body: { name: 'doomed', vpc_id: net.vpc.id, subnet_id: net.subnet.id },
    })
    assert.equal(created.status, 200, JSON.stringify(created.body))
    await lp.advance()
    const shown = (await lp.call('GET', `/v1/${lp.projectId}/connections/${created.body.id}`)).body
    assert.equal(shown.status, 'CREATE_FAILED')
    assert.equal(shown.error_info.error_detail, 'injected fault')
    await clearFaults()
  })

  test('fail sends an ESW instance to failed (its job FAILED) and a connection to failed', async () => {
    const net = await network(lp, { prefix: '10.47' })
    await createFault({ lifecycle: 'fail', transition: 'esw.instance-active', count: 1 })
    const doomed = await lp.call('POST', `${esw(lp.projectId)}/instances`, { body: instanceBody(net, { name: 'doomed' }) })
    assert.equal(doomed.status, 201, JSON.stringify(doomed.body))
    await lp.advance()
    const id = doomed.body.instance.id
    assert.equal((await lp.call('GET', `${esw(lp.projectId)}/instances/${id}`)).body.instance.status, 'failed')
    const jobs = (await lp.call('GET', `${esw(lp.projectId)}/resources/${id}/jobs`)).body.jobs
    assert.deepEqual(
      jobs.map((j: { name: string; status: string; fail_reason: string }) => [j.name, j.status, j.fail_reason]),
      [['CreateHAInstance', 'FAILED', 'the instance could not be built']],
    )
    assert.equal((await lp.call('DELETE', `${esw(lp.projectId)}/instances/${id}`)).status, 204)
    await lp.advance()

    const instance = await readyInstance(lp, instanceBody(net, { name: 'fine' }))
    await createFault({ lifecycle: 'fail', transition: 'esw.connection-ready' })
    const connection = await lp.call('POST', `${esw(lp.projectId)}/instances/${instance.id}/connections`, {
      body: connectionBody(net, 0, {}),
    })
    assert.equal(connection.status, 201, JSON.stringify(connection.body))
    await lp.advance()
    const shown = await lp.call('GET', `${esw(lp.projectId)}/instances/${instance.id}/connections/${connection.body.connection.id}`)
    assert.equal(shown.body.connection.status, 'failed')
    await clearFaults()
  })

  test('fail sends a Cloud Stream cluster to cluster_create_fail', async () => {
    await createFault({ lifecycle: 'fail', service: 'cs' })
    const created = await lp.call('POST', `/v1.0/${lp.projectId}/reserved_cluster`, {
      body: { name: 'doomed', vpc_cidr: '172.16.0.0/16', subnet_cidr: '172.16.0.0/24', subnet_gateway: '172.16.0.1' },
    })
    assert.equal(created.status, 200, JSON.stringify(created.body))
    await lp.advance()
    const shown = await lp.call('GET', `/v1.0/${lp.projectId}/reserved_cluster/${created.body.payload.cluster_id}`)
    assert.deepEqual([shown.body.payload.status_code, shown.body.payload.status_name], [2, 'cluster_create_fail'])
    await clearFaults()
  })
})

describe('lifecycle rules with the lifecycle running (immediate mode)', () => {
  test('a stalled transition moves on by itself once its rule is deleted', async () => {
    const running = await createTestApp()
    try {
      const rule = await running.call('POST', '/_linkplane/faults', { body: { lifecycle: 'stall', transition: 'vpc.subnet-ready' } })
      const vpc = await readyVpc(running, { name: 'v', cidr: '10.48.0.0/16' })
      const subnet = (
        await running.call('POST', `/v1/${running.projectId}/subnets`, {
          body: { subnet: { name: 's', cidr: '10.48.1.0/24', gateway_ip: '10.48.1.1', vpc_id: vpc.id } },
        })
      ).body.subnet
      await new Promise((resolve) => setTimeout(resolve, 200))
      const held = await running.call('GET', `/v1/${running.projectId}/subnets/${subnet.id}`)
      assert.equal(held.body.subnet.status, 'UNKNOWN')
      await running.call('DELETE', `/_linkplane/faults/${rule.body.fault.id}`)
      await eventually(
        () => running.call('GET', `/v1/${running.projectId}/subnets/${subnet.id}`),
        (r) => r.body.subnet.status === 'ACTIVE',
      )
      // The subnet helper waits for ACTIVE too: nothing else is held back.
      await readySubnet(running, { name: 's2', cidr: '10.48.2.0/24', gateway_ip: '10.48.2.1', vpc_id: vpc.id })
    } finally {
      await running.close()
    }
  })
})
