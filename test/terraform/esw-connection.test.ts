/**
 * `huaweicloud_esw_connection` and `huaweicloud_esw_connection_vport_bind`, replayed as
 * terraform-provider-huaweicloud runs them (commit a0345b8dcc81):
 * - huaweicloud/services/esw/resource_huaweicloud_esw_connection.go: create, waitForConnectionReady, read,
 *   update (name only), resourceEswConnectionImportState (`<instance_id>/<id>`), delete,
 *   waitForConnectionDeleted;
 * - huaweicloud/services/esw/resource_huaweicloud_esw_connection_vport_bind.go: bind and unbind with
 *   OkCodes 204 exactly; Read and Update do nothing; no importer;
 * with the values of huaweicloud/services/acceptance/esw/resource_huaweicloud_esw_connection_test.go and
 * resource_huaweicloud_esw_connection_vport_bind_test.go.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { network } from '../support/esw.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { planDiff, replaySuite, UnexpectedResponseCode } from '../support/terraform.js'
import {
  connectionCreateBody,
  connectionState,
  createConnection,
  createInstance,
  deleteConnection,
  deleteInstance,
  l2cg,
  type ConnectionConfig,
} from './esw-provider.js'

const suite = replaySuite(
  async ({ lp, provider }) => {
    const net = await network(lp, { prefix: '192.168', tunnel: 0, l2: [1, 2] })
    const zones = (await provider.request('GET', `${l2cg(lp.projectId)}/flavors`)).body.flavors[0].available_zones
    const { id, read } = await createInstance(provider, lp.projectId, {
      name: 'tf-test-esw',
      flavor_ref: 'l2cg.large.ha',
      ha_mode: 'ha',
      availability_zones: [{ primary: zones[0], standby: zones[1] }],
      tunnel_info: [{ vpc_id: net.vpc.id, virsubnet_id: net.tunnel.id, tunnel_ip: '192.168.0.192' }],
      charge_infos: [{ charge_mode: 'postPaid' }],
    })
    const instance: { id: string; tunnel_ip: string; tunnel_port: number } = { id, ...read.body.instance.tunnel_info }
    return { net, instance }
  },
  ({ lp, provider, instance }) => deleteInstance(provider, lp.projectId, instance.id),
)
/** A connection's configuration on the suite's instance, in its `l2`-th layer-2 subnet. */
const onInstance = (name: string, l2: number, more: Pick<ConnectionConfig, 'remote_infos' | 'fixed_ips'>): ConnectionConfig => ({
  instance_id: suite.instance.id,
  name,
  vpc_id: suite.net.vpc.id,
  virsubnet_id: suite.net.l2[l2].id,
  ...more,
})
const create = (config: ConnectionConfig) => createConnection(suite.provider, suite.lp.projectId, config)
const remove = (id: string) => deleteConnection(suite.provider, suite.lp.projectId, suite.instance.id, id)

describe('huaweicloud_esw_connection', () => {
  test('create, wait for ready, read, update, import, delete, wait, read after delete', async () => {
    const { lp, provider, instance } = suite
    const config = onInstance('tf-test-connection', 0, {
      fixed_ips: ['192.168.1.100', '192.168.1.80'],
      remote_infos: [{ segmentation_id: 9999, tunnel_ip: instance.tunnel_ip, tunnel_port: instance.tunnel_port }],
    })
    const { id, created, read } = await create(config)
    assert.equal(created.status, 201)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'CreateConnection', 201, created.body), [])
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ShowConnection', 200, read.body), [])
    const state = connectionState(read.body)
    assert.deepEqual(planDiff(config, state), [])
    assert.deepEqual(state.remote_infos, [{ segmentation_id: 9999, tunnel_ip: '192.168.0.192', tunnel_port: 4789, tunnel_type: 'vxlan' }])
    assert.ok(['connected', 'disconnect'].includes(state.status))
    assert.ok(state.created_at && state.updated_at)

    // Only the name changes in place; the other arguments are FlexibleForceNew.
    const path = `${l2cg(lp.projectId)}/instances/${instance.id}/connections/${id}`
    await provider.request('PUT', path, { jsonBody: { connection: { name: 'tf-test-connection-update' } } })
    const updated = connectionState((await provider.request('GET', path)).body)
    assert.deepEqual(planDiff({ ...config, name: 'tf-test-connection-update' }, updated), [])

    // Import `<instance_id>/<id>`: the importer splits it, Read runs with both; ImportStateVerify ignores
    // only status and updated_at.
    const [importedInstance, importedId] = `${instance.id}/${id}`.split('/')
    const imported = connectionState(
      (await provider.request('GET', `${l2cg(lp.projectId)}/instances/${importedInstance}/connections/${importedId}`)).body,
    )
    assert.deepEqual({ ...imported, status: '', updated_at: '' }, { ...updated, status: '', updated_at: '' })

    await remove(id)
  })

  test('remote_infos without tunnel_port: sent as null, read back as 4789 (Optional+Computed: no diff)', async () => {
    const config = onInstance('tf-default-port', 1, { remote_infos: [{ segmentation_id: 4242, tunnel_ip: '10.9.9.9' }] })
    assert.deepEqual(connectionCreateBody(config).connection.remote_infos, [
      { segmentation_id: 4242, tunnel_ip: '10.9.9.9', tunnel_port: null },
    ])
    const { id, read } = await create(config)
    const state = connectionState(read.body)
    assert.deepEqual(planDiff(config, state), [])
    assert.equal(state.remote_infos[0].tunnel_port, 4789)
    assert.equal(state.fixed_ips.length, 2, 'fixed_ips (Optional+Computed) are chosen and read back')
    await remove(id)
  })
})

describe('huaweicloud_esw_connection_vport_bind', () => {
  test('bind (204), read and update do nothing, unbind (204); the port is unbound afterwards', async () => {
    const { lp, provider, net } = suite
    const { id: connectionId } = await create(
      onInstance('tf-vport', 0, { remote_infos: [{ segmentation_id: 9998, tunnel_ip: suite.instance.tunnel_ip }] }),
    )
    // The acceptance test's virtual IP: a private IP in the connection's subnet.
    const vip = await lp.call('POST', `/v1/${lp.projectId}/privateips`, { body: { privateips: [{ subnet_id: net.l2[0].id }] } })
    assert.equal(vip.status, 200, JSON.stringify(vip.body))
    const portId: string = vip.body.privateips[0].id
    const vports = `${l2cg(lp.projectId)}/connections/${connectionId}/vports`

    const bound = await provider.request('POST', `${vports}/bind`, { jsonBody: { vport: { id: portId } }, okCodes: [204] })
    assert.equal(bound.body, undefined)
    // The resource's id is `<connection_id>/<port_id>`; Read has no API to call.
    assert.equal(`${connectionId}/${portId}`.split('/').length, 2)
    const unbound = await provider.request('POST', `${vports}/unbind`, { jsonBody: { vport: { id: portId } }, okCodes: [204] })
    assert.equal(unbound.body, undefined)

    // Nothing reads a binding back (Huawei has no API for it); a second unbind shows it is gone.
    const again = await provider
      .request('POST', `${vports}/unbind`, { jsonBody: { vport: { id: portId } }, okCodes: [204] })
      .catch((error: unknown) => error)
    assert.ok(again instanceof UnexpectedResponseCode)
    assert.equal(again.response.body.error_code, 'l2cg.9953')
    await remove(connectionId)
  })
})
