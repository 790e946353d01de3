import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../../support/app.js'
import {
  assertEswError,
  esw,
  instanceBody,
  network,
  readyInstance,
  settledConnection,
  connectionBody,
  type Network,
} from '../../support/esw.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'

let lp: TestApp
let net: Network
const base = () => esw(lp.projectId)
const createInstance = (body: unknown) => lp.call('POST', `${base()}/instances`, { body })

before(async () => {
  lp = await createTestApp()
  net = await network(lp)
})
after(() => lp.close())

describe('CreateInstance and ShowInstance', () => {
  test('answers 201 with the instance in build and a job; the instance becomes active with its VTEP in the tunnel subnet', async () => {
    const response = await createInstance(instanceBody(net, {}, { tunnel_ip: '192.168.0.192' }))
    assert.equal(response.status, 201, JSON.stringify(response.body))
    const { instance, job_id, request_id } = response.body
    assert.match(request_id, /^[0-9a-f]{32}$/)
    assert.equal(request_id, response.headers['x-request-id'])
    assert.match(job_id, /^[0-9a-f-]{36}$/)
    assert.equal(instance.status, 'build')
    assert.deepEqual(instance.tunnel_info, {
      vpc_id: net.vpc.id,
      virsubnet_id: net.tunnel.id,
      tunnel_ip: '192.168.0.192',
      tunnel_port: 4789,
      tunnel_type: 'vxlan',
    })
    assert.deepEqual(instance.availability_zones, { primary: 'cn-north-4a', standby: 'cn-north-4b' })
    assert.deepEqual(instance.charge_infos, { charge_mode: 'postPaid' })
    assert.equal(instance.region, 'cn-north-4')
    assert.equal(instance.project_id, lp.projectId)
    assert.equal(instance.description, 'test description')
    assert.match(instance.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.equal(instance.created_at, instance.updated_at)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'CreateInstance', 201, response.body), [])

    const active = await eventually(
      () => lp.call('GET', `${base()}/instances/${instance.id}`),
      (r) => r.body.instance.status === 'active',
    )
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ShowInstance', 200, active.body), [])
    // Terraform's import check: two consecutive reads are identical (apart from the request id).
    const again = await lp.call('GET', `${base()}/instances/${instance.id}`)
    assert.deepEqual(again.body.instance, active.body.instance)

    // The VTEP and the two node addresses are held in the tunnel subnet, visible through the VPC API.
    const ips = await lp.call('GET', `/v1/${lp.projectId}/subnets/${net.tunnel.id}/privateips`)
    const held = ips.body.privateips.filter((p: any) => p.device_owner.startsWith('network:l2cg'))
    assert.deepEqual(held.map((p: any) => [p.ip_address, p.device_owner]).sort(), [
      ['192.168.0.192', 'network:l2cg_tunnel'],
      ['192.168.0.2', 'network:l2cg_node'],
      ['192.168.0.3', 'network:l2cg_node'],
    ])

    const jobs = await lp.call('GET', `${base()}/resources/${instance.id}/jobs`)
    assert.equal(jobs.status, 200)
    assert.equal(jobs.body.jobs.length, 1)
    const [job] = jobs.body.jobs
    assert.deepEqual(
      [job.id, job.name, job.status, job.resource_type, job.resource_name],
      [job_id, 'CreateHAInstance', 'COMPLETED', 'instance', 'esw-test'],
    )
    assert.match(job.begin_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    assert.match(job.end_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    assert.equal(job.process, undefined)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListResourceJobs', 200, jobs.body), [])
  })

  test('without a tunnel_ip, the lowest free address of the tunnel subnet is the VTEP', async () => {
    const response = await createInstance(instanceBody(net, { name: 'auto' }))
    assert.equal(response.status, 201, JSON.stringify(response.body))
    const ip = response.body.instance.tunnel_info.tunnel_ip
    assert.match(ip, /^192\.168\.0\.\d+$/)
    const again = await createInstance(instanceBody(net, { name: 'auto' }, { tunnel_ip: ip }))
    assertEswError(again, 400, 'l2cg.9901')
    assert.equal(again.body.error_msg, `The instance tunnel ip: ${ip} is not available.`)
  })

  test('refusals: flavor, tunnel ip, zones, names, VPC and subnet', async () => {
    const cases: Array<[string, unknown, number, string]> = [
      ['an unknown flavor', instanceBody(net, { flavor_ref: 'l2cg.huge.ha' }), 400, 'l2cg.9941'],
      ['a tunnel ip taken by the gateway', instanceBody(net, {}, { tunnel_ip: '192.168.0.1' }), 400, 'l2cg.9901'],
      ['a tunnel ip outside the subnet', instanceBody(net, {}, { tunnel_ip: '192.168.9.9' }), 400, 'l2cg.9901'],
      ['a malformed tunnel ip', instanceBody(net, {}, { tunnel_ip: '192.168.0' }), 400, 'l2cg.9900'],
      ['a name with a space', instanceBody(net, { name: 'bad name' }), 400, 'l2cg.9900'],
      ['a 65-character name', instanceBody(net, { name: 'a'.repeat(65) }), 400, 'l2cg.9900'],
      ['a description with <', instanceBody(net, { description: '<b>' }), 400, 'l2cg.9900'],
      ['an ha_mode other than ha', instanceBody(net, { ha_mode: 'single' }), 400, 'l2cg.9900'],
      ['prePaid', instanceBody(net, { charge_infos: { charge_mode: 'prePaid' } }), 400, 'l2cg.9900'],
      ['an unknown zone', instanceBody(net, { availability_zones: { primary: 'cn-north-4a', standby: 'az9' } }), 400, 'l2cg.9900'],
      ['no tunnel_info', { instance: { ...instanceBody(net).instance, tunnel_info: undefined } }, 400, 'l2cg.9900'],
      ['an unknown VPC', instanceBody(net, {}, { vpc_id: '00000000-0000-0000-0000-000000000000' }), 400, 'l2cg.9924'],
      ['an unknown subnet', instanceBody(net, {}, { virsubnet_id: '00000000-0000-0000-0000-000000000000' }), 400, 'l2cg.9925'],
    ]
    for (const [what, body, status, code] of cases) {
      await test(what, async () => assertEswError(await createInstance(body), status, code))
    }
    const malformed = await lp.call('POST', `${base()}/instances`, { body: '{"instance":' })
    assertEswError(malformed, 400, 'l2cg.9900')
  })

  test('a subnet stretched by a connection cannot be a tunnel subnet (l2cg.9922)', async () => {
    const other = await network(lp, { prefix: '172.16', l2: [1] })
    const instance = await readyInstance(lp, instanceBody(other))
    const connection = await settledConnection(lp, instance.id, connectionBody(other, 0, {}))
    const response = await createInstance(instanceBody(other, {}, { virsubnet_id: other.l2[0].id }))
    assertEswError(response, 409, 'l2cg.9922')
    assert.equal(
      response.body.error_msg,
      `This tunnel subnet: ${other.l2[0].id} is already used by Layer 2 connection objects: ${connection.id}`,
    )
  })

  test('an unknown instance is l2cg.9923 on every instance path', async () => {
    const missing = '00000000-0000-0000-0000-000000000000'
    for (const [method, path, body] of [
      ['GET', `/instances/${missing}`],
      ['PUT', `/instances/${missing}`, { instance: { name: 'x' } }],
      ['DELETE', `/instances/${missing}`],
      ['GET', `/instances/${missing}/connections`],
      ['POST', `/instances/${missing}/connections`, connectionBody(net, 0, {})],
    ] as const) {
      const response = await lp.call(method, `${base()}${path}`, { body })
      assertEswError(response, 404, 'l2cg.9923')
      assert.equal(response.body.error_msg, `instance ${missing} could not be found.`)
    }
  })
})

describe('ListInstances, UpdateInstance', () => {
  test('pages with marker and limit, filters exactly, and updates name and description only', async () => {
    const fresh = await createTestApp()
    try {
      const n = await network(fresh, { prefix: '10.1', l2: [] })
      const created: string[] = []
      for (let i = 0; i < 5; i++) {
        const response = await fresh.call('POST', `${esw(fresh.projectId)}/instances`, {
          body: instanceBody(n, { name: `esw-${i}`, description: `d${i % 2}` }),
        })
        created.push(response.body.instance.id)
      }
      const list = (query: Record<string, string | number>) => fresh.call('GET', `${esw(fresh.projectId)}/instances`, { query })
      // The order is (created_at, id): instances created in the same millisecond sort by id, so the order is
      // read once, and every page must be a slice of it.
      const ids: string[] = (await list({})).body.instances.map((i: any) => i.id)
      assert.deepEqual([...ids].sort(), [...created].sort())
      const first = await list({ limit: 2 })
      assert.deepEqual(
        first.body.instances.map((i: any) => i.id),
        ids.slice(0, 2),
      )
      assert.deepEqual(first.body.page_info, { previous_marker: ids[0], current_count: 2, next_marker: ids[1] })
      const second = await list({ limit: 2, marker: ids[1] })
      assert.deepEqual(
        second.body.instances.map((i: any) => i.id),
        ids.slice(2, 4),
      )
      const last = await list({ marker: ids[3] })
      assert.deepEqual(last.body.page_info, { previous_marker: ids[4], current_count: 1 })
      if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListInstances', 200, last.body), [])
      const empty = await list({ marker: ids[4] })
      assert.deepEqual([empty.body.instances, empty.body.page_info], [[], { previous_marker: '', current_count: 0 }])
      assertEswError(await list({ marker: 'not-an-id' }), 400, 'l2cg.9900')
      assertEswError(await list({ limit: -1 }), 400, 'l2cg.9900')

      assert.deepEqual(
        (await list({ name: 'esw-3' })).body.instances.map((i: any) => i.id),
        [created[3]],
      )
      assert.deepEqual((await list({ name: 'esw' })).body.instances, [])
      assert.deepEqual((await list({ description: 'd1' })).body.instances.map((i: any) => i.id).sort(), [created[1], created[3]].sort())
      assert.deepEqual(
        (await list({ id: ids[2] })).body.instances.map((i: any) => i.id),
        [ids[2]],
      )

      const path = `${esw(fresh.projectId)}/instances/${ids[0]}`
      const before = (await fresh.call('GET', path)).body.instance
      await new Promise((r) => setTimeout(r, 1100))
      const updated = await fresh.call('PUT', path, { body: { instance: { name: 'renamed', description: '' } } })
      assert.equal(updated.status, 200, JSON.stringify(updated.body))
      if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'UpdateInstance', 200, updated.body), [])
      assert.deepEqual([updated.body.instance.name, updated.body.instance.description], ['renamed', ''])
      assert.notEqual(updated.body.instance.updated_at, before.updated_at)
      const { name, description, updated_at, ...unchanged } = updated.body.instance
      const { name: _n, description: _d, updated_at: _u, ...was } = before
      assert.deepEqual(unchanged, was)
      assert.deepEqual((await fresh.call('GET', path)).body.instance, updated.body.instance)
      assertEswError(await fresh.call('PUT', path, { body: { instance: { name: '' } } }), 400, 'l2cg.9900')
    } finally {
      await fresh.close()
    }
  })
})

describe('DeleteInstance', () => {
  test('answers 204; the instance is gone, its addresses released, and its jobs stay listed', async () => {
    const instance = await readyInstance(lp, instanceBody(net, { name: 'doomed' }, { tunnel_ip: '192.168.0.200' }))
    const response = await lp.call('DELETE', `${base()}/instances/${instance.id}`)
    assert.equal(response.status, 204)
    assert.equal(response.body, undefined)
    // After the 204: a non-final status or 404, then 404 (Terraform's delete wait).
    const gone = await eventually(
      () => lp.call('GET', `${base()}/instances/${instance.id}`),
      (r) => {
        if (r.status === 200) assert.equal(r.body.instance.status, 'deleting')
        return r.status === 404
      },
    )
    assertEswError(gone, 404, 'l2cg.9923')
    const ips = await lp.call('GET', `/v1/${lp.projectId}/subnets/${net.tunnel.id}/privateips`)
    assert.ok(!ips.body.privateips.some((p: any) => p.ip_address === '192.168.0.200'))
    const jobs = await lp.call('GET', `${base()}/resources/${instance.id}/jobs`)
    assert.deepEqual(
      jobs.body.jobs.map((j: any) => [j.name, j.status]),
      [
        ['CreateHAInstance', 'COMPLETED'],
        ['DeleteHAInstance', 'COMPLETED'],
      ],
    )
    // The freed tunnel IP can be used again.
    assert.equal((await createInstance(instanceBody(net, { name: 'reuse' }, { tunnel_ip: '192.168.0.200' }))).status, 201)
  })

  test('an instance with connections is refused (l2cg.9907)', async () => {
    const other = await network(lp, { prefix: '172.17', l2: [1] })
    const instance = await readyInstance(lp, instanceBody(other))
    const connection = await settledConnection(lp, instance.id, connectionBody(other, 0, {}))
    assertEswError(await lp.call('DELETE', `${base()}/instances/${instance.id}`), 409, 'l2cg.9907')
    assert.equal((await lp.call('DELETE', `${base()}/instances/${instance.id}/connections/${connection.id}`)).status, 204)
    assert.equal((await lp.call('DELETE', `${base()}/instances/${instance.id}`)).status, 204)
  })

  test('jobs of an id with none are an empty list', async () => {
    const response = await lp.call('GET', `${base()}/resources/00000000-0000-0000-0000-000000000000/jobs`)
    assert.deepEqual([response.status, response.body.jobs, response.body.page_info], [200, [], { previous_marker: '', current_count: 0 }])
  })
})

describe('ListFlavors, ListAvailabilityZones, ListQuotas', () => {
  test("flavors small, medium, large with 1, 3, 6 connections, sold in the region's zones", async () => {
    const response = await lp.call('GET', `${base()}/flavors`)
    assert.equal(response.status, 200)
    assert.deepEqual(
      response.body.flavors.map((f: any) => [f.id, f.name, f.connections, f.bandwidth, f.pps]),
      [
        ['1', 'l2cg.small.ha', 1, 3, 500000],
        ['2', 'l2cg.medium.ha', 3, 5, 1000000],
        ['3', 'l2cg.large.ha', 6, 10, 2000000],
      ],
    )
    assert.deepEqual(response.body.flavors[0].available_zones, ['cn-north-4a', 'cn-north-4b', 'cn-north-4c'])
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListFlavors', 200, response.body), [])
  })

  test('zones under both keys the clients read', async () => {
    const response = await lp.call('GET', `${base()}/availability-zones`)
    assert.deepEqual(response.body.availability_zones, ['cn-north-4a', 'cn-north-4b', 'cn-north-4c'])
    assert.deepEqual(response.body.available_zones, response.body.availability_zones)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListAvailabilityZones', 200, response.body), [])
  })

  test("the instance quota counts the project's instances, and the 21st is refused (l2cg.9942)", async () => {
    const fresh = await createTestApp()
    try {
      const n = await network(fresh, { prefix: '10.2', l2: [] })
      const quota = async () => (await fresh.call('GET', `${esw(fresh.projectId)}/quotas`)).body
      const empty = await quota()
      assert.deepEqual(empty.quotas.resources, [{ type: 'instance', quota: 20, used: 0, min: 1, max: 1000 }])
      if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListQuotas', 200, empty), [])
      for (let i = 0; i < 20; i++) {
        const response = await fresh.call('POST', `${esw(fresh.projectId)}/instances`, { body: instanceBody(n, { name: `q${i}` }) })
        assert.equal(response.status, 201, JSON.stringify(response.body))
      }
      assert.equal((await quota()).quotas.resources[0].used, 20)
      assertEswError(
        await fresh.call('POST', `${esw(fresh.projectId)}/instances`, { body: instanceBody(n, { name: 'q20' }) }),
        409,
        'l2cg.9942',
      )
    } finally {
      await fresh.close()
    }
  })
})
