import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { hcClient, sdkError, vpc, vpcClient } from '../support/huawei-sdk.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, type ServerProcess } from '../support/server-process.js'

/**
 * ESW has no npm SDK: it is driven with the core SDK's HcClient and request definitions written here, in
 * the shape the generated clients (e.g. huaweicloud-sdk-vpc's ParamCreater) hand to `sendRequest`. The VPC
 * and subnets come from the official VPC client. Everything runs against a linkplane process.
 */
let server: ServerProcess
let network: any
let client: any
const credentials = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey, projectId: TEST_CREDENTIALS.projectId }

before(async () => {
  server = await startServer({ database: await temporaryDatabase(), env: SERVER_CREDENTIALS })
  network = vpcClient(server.url, credentials)
  client = hcClient(server.url, credentials)
})
after(() => server.stop())

interface Definition {
  method: string
  url: string
  contentType: string
  pathParams: Record<string, string>
  queryParams: Record<string, unknown>
  headers: Record<string, string>
  data?: Record<string, unknown>
}

function definition(
  method: string,
  url: string,
  parts: { path?: Record<string, string>; query?: Record<string, unknown>; body?: Record<string, unknown> } = {},
): Definition {
  return {
    method,
    url: `/v3/{project_id}/l2cg${url}`,
    contentType: 'application/json',
    pathParams: parts.path ?? {},
    queryParams: parts.query ?? {},
    headers: parts.body ? { 'Content-Type': 'application/json;charset=UTF-8' } : {},
    ...(parts.body ? { data: parts.body } : {}),
  }
}

/** The ESW operations as request definitions; the SDK fills `{project_id}` from the credentials. */
const Esw = {
  listFlavors: () => definition('GET', '/flavors'),
  listAvailabilityZones: () => definition('GET', '/availability-zones'),
  listQuotas: () => definition('GET', '/quotas'),
  createInstance: (body: object) => definition('POST', '/instances', { body: { instance: body } }),
  listInstances: (query: object = {}) => definition('GET', '/instances', { query: { ...query } }),
  showInstance: (id: string) => definition('GET', '/instances/{instance_id}', { path: { instance_id: id } }),
  updateInstance: (id: string, body: object) =>
    definition('PUT', '/instances/{instance_id}', { path: { instance_id: id }, body: { instance: body } }),
  deleteInstance: (id: string) => definition('DELETE', '/instances/{instance_id}', { path: { instance_id: id } }),
  listResourceJobs: (id: string) => definition('GET', '/resources/{resource_id}/jobs', { path: { resource_id: id } }),
  createConnection: (instance: string, body: object) =>
    definition('POST', '/instances/{instance_id}/connections', { path: { instance_id: instance }, body: { connection: body } }),
  listConnections: (instance: string, query: object = {}) =>
    definition('GET', '/instances/{instance_id}/connections', { path: { instance_id: instance }, query: { ...query } }),
  listConnectionsAllInstances: (query: object = {}) => definition('GET', '/connections', { query: { ...query } }),
  showConnection: (instance: string, id: string) =>
    definition('GET', '/instances/{instance_id}/connections/{connection_id}', { path: { instance_id: instance, connection_id: id } }),
  updateConnection: (instance: string, id: string, name: string) =>
    definition('PUT', '/instances/{instance_id}/connections/{connection_id}', {
      path: { instance_id: instance, connection_id: id },
      body: { connection: { name } },
    }),
  deleteConnection: (instance: string, id: string) =>
    definition('DELETE', '/instances/{instance_id}/connections/{connection_id}', { path: { instance_id: instance, connection_id: id } }),
  bindVport: (connection: string, port: string) =>
    definition('POST', '/connections/{connection_id}/vports/bind', { path: { connection_id: connection }, body: { vport: { id: port } } }),
  unbindVport: (connection: string, port: string) =>
    definition('POST', '/connections/{connection_id}/vports/unbind', {
      path: { connection_id: connection },
      body: { vport: { id: port } },
    }),
}

const send = (d: Definition): Promise<any> => client.sendRequest(d)
/** The SDK adds the status to the body it returns; the wire body is everything else. */
const wire = ({ httpStatusCode, ...body }: Record<string, unknown>) => body
const checkSpec = (operation: string, status: number, response: any) => {
  if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', operation, status, status === 204 ? undefined : wire(response)), [], operation)
}

async function sdkNetwork(prefix: string) {
  const created = await network.createVpc(
    new vpc.CreateVpcRequest().withBody(
      new vpc.CreateVpcRequestBody().withVpc(new vpc.CreateVpcOption().withName(`esw-${prefix}`).withCidr(`${prefix}.0.0/16`)),
    ),
  )
  await eventually(
    () => network.showVpc(new vpc.ShowVpcRequest().withVpcId(created.vpc.id)),
    (r: any) => r.vpc.status === 'OK',
  )
  const subnet = async (third: number) => {
    const option = new vpc.CreateSubnetOption()
      .withName(`sdk-${prefix}-${third}`)
      .withCidr(`${prefix}.${third}.0/24`)
      .withGatewayIp(`${prefix}.${third}.1`)
      .withVpcId(created.vpc.id)
    const made = await network.createSubnet(new vpc.CreateSubnetRequest().withBody(new vpc.CreateSubnetRequestBody().withSubnet(option)))
    await eventually(
      () => network.showSubnet(new vpc.ShowSubnetRequest().withSubnetId(made.subnet.id)),
      (r: any) => r.subnet.status === 'ACTIVE',
    )
    return made.subnet.id as string
  }
  return { vpcId: created.vpc.id as string, tunnel: await subnet(0), l2: await subnet(1), spare: await subnet(2) }
}

describe('ESW through HcClient', () => {
  test('instances to active, crossing connections to connected, paging, update, bind, delete, 404', async () => {
    const flavors = await send(Esw.listFlavors())
    checkSpec('ListFlavors', 200, flavors)
    const zones = (await send(Esw.listAvailabilityZones())).availability_zones
    assert.ok(zones.length >= 2)
    checkSpec('ListQuotas', 200, await send(Esw.listQuotas()))

    const siteA = await sdkNetwork('192.168')
    const siteB = await sdkNetwork('10.40')
    const instanceOption = (name: string, site: typeof siteA, tunnelIp?: string) => ({
      name,
      flavor_ref: flavors.flavors[0].name === 'l2cg.small.ha' ? 'l2cg.medium.ha' : flavors.flavors[0].name,
      ha_mode: 'ha',
      description: 'test description',
      availability_zones: { primary: zones[0], standby: zones[1] },
      tunnel_info: { vpc_id: site.vpcId, virsubnet_id: site.tunnel, ...(tunnelIp ? { tunnel_ip: tunnelIp } : {}) },
      charge_infos: { charge_mode: 'postPaid' },
    })
    const created = await send(Esw.createInstance(instanceOption('sdk-a', siteA, '192.168.0.192')))
    assert.equal(created.httpStatusCode, 201)
    assert.equal(created.instance.status, 'build')
    checkSpec('CreateInstance', 201, created)
    const waitActive = (id: string) =>
      eventually(
        () => send(Esw.showInstance(id)),
        (r: any) => r.instance.status === 'active',
      )
    const a = (await waitActive(created.instance.id)).instance
    const b = (await waitActive((await send(Esw.createInstance(instanceOption('sdk-b', siteB)))).instance.id)).instance
    // Terraform: two consecutive reads are identical, timestamps end in Z.
    const first = await send(Esw.showInstance(a.id))
    checkSpec('ShowInstance', 200, first)
    assert.deepEqual((await send(Esw.showInstance(a.id))).instance, first.instance)
    assert.match(first.instance.updated_at, /Z$/)
    const jobs = await send(Esw.listResourceJobs(a.id))
    assert.equal(jobs.jobs[0].status, 'COMPLETED')
    checkSpec('ListResourceJobs', 200, jobs)

    const onA = await send(
      Esw.createConnection(a.id, {
        name: 'sdk-a-conn',
        vpc_id: siteA.vpcId,
        virsubnet_id: siteA.l2,
        fixed_ips: ['192.168.1.80', '192.168.1.100'],
        remote_infos: [{ segmentation_id: 9999, tunnel_ip: b.tunnel_info.tunnel_ip, tunnel_port: b.tunnel_info.tunnel_port }],
      }),
    )
    assert.equal(onA.httpStatusCode, 201)
    assert.equal(onA.connection.status, 'pending')
    checkSpec('CreateConnection', 201, onA)
    const status = (instance: string, id: string) => send(Esw.showConnection(instance, id)).then((r: any) => r.connection.status)
    await eventually(
      () => status(a.id, onA.connection.id),
      (s) => s === 'disconnect',
    )

    const onB = await send(
      Esw.createConnection(b.id, {
        name: 'sdk-b-conn',
        vpc_id: siteB.vpcId,
        virsubnet_id: siteB.l2,
        remote_infos: [{ segmentation_id: 9999, tunnel_ip: a.tunnel_info.tunnel_ip }],
      }),
    )
    assert.equal(onB.connection.fixed_ips.length, 2)
    await eventually(
      () => status(b.id, onB.connection.id),
      (s) => s === 'connected',
    )
    await eventually(
      () => status(a.id, onA.connection.id),
      (s) => s === 'connected',
    )
    const third = await send(
      Esw.createConnection(a.id, {
        name: 'sdk-a-spare',
        vpc_id: siteA.vpcId,
        virsubnet_id: siteA.spare,
        remote_infos: [{ segmentation_id: 10, tunnel_ip: '10.9.9.9' }],
      }),
    )
    await eventually(
      () => status(a.id, third.connection.id),
      (s) => s === 'disconnect',
    )

    // Paging with marker and limit over more items than one page, as Terraform's pager walks it.
    const seen: string[] = []
    let marker: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = await send(Esw.listConnectionsAllInstances({ limit: 2, ...(marker ? { marker } : {}) }))
      checkSpec('ListConnectionsAllInstances', 200, page)
      if (page.connections.length === 0) break
      seen.push(...page.connections.map((c: any) => c.id))
      marker = page.connections[page.connections.length - 1].id
    }
    assert.deepEqual([...seen].sort(), [onA.connection.id, onB.connection.id, third.connection.id].sort())
    const perInstance = await send(Esw.listConnections(a.id, { name: 'sdk-a-conn' }))
    assert.deepEqual(
      perInstance.connections.map((c: any) => c.id),
      [onA.connection.id],
    )
    checkSpec('ListConnections', 200, perInstance)
    const instances = await send(Esw.listInstances({ name: 'sdk-b' }))
    assert.deepEqual(
      instances.instances.map((i: any) => i.id),
      [b.id],
    )
    checkSpec('ListInstances', 200, instances)

    const renamed = await send(Esw.updateConnection(a.id, onA.connection.id, 'sdk-a-renamed'))
    assert.equal(renamed.connection.name, 'sdk-a-renamed')
    checkSpec('UpdateConnection', 200, renamed)
    assert.equal((await send(Esw.showConnection(a.id, onA.connection.id))).connection.name, 'sdk-a-renamed')
    const updated = await send(Esw.updateInstance(a.id, { name: 'sdk-a-2', description: 'test description update' }))
    assert.deepEqual([updated.instance.name, updated.instance.description], ['sdk-a-2', 'test description update'])
    checkSpec('UpdateInstance', 200, updated)

    const vip = await network.createPrivateip(
      new vpc.CreatePrivateipRequest().withBody(
        new vpc.CreatePrivateipRequestBody().withPrivateips([new vpc.CreatePrivateipOption().withSubnetId(siteA.l2)]),
      ),
    )
    const bound = await send(Esw.bindVport(onA.connection.id, vip.privateips[0].id))
    assert.equal(bound.httpStatusCode, 204)
    assert.equal((await send(Esw.unbindVport(onA.connection.id, vip.privateips[0].id))).httpStatusCode, 204)

    const refused = await sdkError(send(Esw.deleteInstance(a.id)))
    assert.deepEqual([refused.httpStatusCode, refused.errorCode], [409, 'l2cg.9907'])
    for (const [instance, id] of [
      [a.id, onA.connection.id],
      [b.id, onB.connection.id],
      [a.id, third.connection.id],
    ]) {
      const deleted = await send(Esw.deleteConnection(instance, id))
      assert.equal(deleted.httpStatusCode, 204)
      const gone = await sdkError(send(Esw.showConnection(instance, id)))
      assert.deepEqual(
        [gone.httpStatusCode, gone.errorCode, gone.errorMsg],
        [404, 'l2cg.9904', `connection ${id} in instance ${instance} could not be found.`],
      )
      assert.match(gone.requestId, /^[0-9a-f]{32}$/)
    }
    for (const id of [a.id, b.id]) {
      assert.equal((await send(Esw.deleteInstance(id))).httpStatusCode, 204)
      // Until it is gone, a read shows `deleting` (a status Terraform keeps waiting on), then 404.
      const read = () =>
        send(Esw.showInstance(id)).then(
          (r: any) => r.instance.status,
          (e: any) => e,
        )
      const gone = await eventually(read, (r: any) => {
        if (typeof r === 'string') assert.equal(r, 'deleting')
        return typeof r !== 'string'
      })
      assert.deepEqual([gone.httpStatusCode, gone.errorCode], [404, 'l2cg.9923'])
    }
    const deletedJobs = await send(Esw.listResourceJobs(a.id))
    assert.deepEqual(
      deletedJobs.jobs.map((j: any) => j.name),
      ['CreateHAInstance', 'DeleteHAInstance'],
    )
  })

  test('errors reach the SDK with their ESW code, message and request id', async () => {
    const missing = '00000000-0000-0000-0000-000000000000'
    const notFound = await sdkError(send(Esw.showInstance(missing)))
    assert.deepEqual(
      [notFound.httpStatusCode, notFound.errorCode, notFound.errorMsg],
      [404, 'l2cg.9923', `instance ${missing} could not be found.`],
    )
    const badFlavor = await sdkError(
      send(
        Esw.createInstance({
          name: 'x',
          flavor_ref: 'l2cg.tiny.ha',
          ha_mode: 'ha',
          availability_zones: { primary: 'cn-north-4a', standby: 'cn-north-4a' },
          tunnel_info: { vpc_id: missing, virsubnet_id: missing },
          charge_infos: { charge_mode: 'postPaid' },
        }),
      ),
    )
    assert.deepEqual(
      [badFlavor.httpStatusCode, badFlavor.errorCode, badFlavor.errorMsg],
      [400, 'l2cg.9941', 'flavor could not be found: l2cg.tiny.ha'],
    )
    const invalid = await sdkError(send(Esw.createInstance({ name: '' })))
    assert.deepEqual([invalid.httpStatusCode, invalid.errorCode], [400, 'l2cg.9900'])
  })
})
