/**
 * `huaweicloud_eg_connection` and the `huaweicloud_eg_connections` data source, replayed as
 * terraform-provider-huaweicloud runs them (commit a0345b8dcc81):
 * - huaweicloud/services/eg/resource_huaweicloud_eg_connection.go: create (OkCodes 200, body after
 *   `utils.RemoveNil`), read (OkCodes 200; a 404 removes it from the state), update (`{"description": ...}`
 *   only when it changed, OkCodes 200), ImportStatePassthroughContext, delete (OkCodes 204). No waits: the
 *   provider reads once after create and only needs a status.
 * - huaweicloud/services/eg/data_source_huaweicloud_eg_connections.go: `limit=500&offset=N` pages until one
 *   is shorter than 500, with the name, fuzzy_name and sort filters.
 * With the values of huaweicloud/services/acceptance/eg/resource_huaweicloud_eg_connection_test.go and
 * data_source_huaweicloud_eg_connections_test.go. No call authorises EventGrid's service agencies: Terraform
 * has no resource for them; the bootstrap account has them (LINKPLANE_EG_AGENCIES=authorise, the default).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { readyNetwork } from '../support/eg.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { planDiff, replaySuite, waitForState } from '../support/terraform.js'
import {
  connectionState as state,
  createBody,
  createConnection,
  deleteConnection,
  egConnections,
  JSON_HEADER,
  readConnection,
  updateDescription,
  type ConnectionConfig,
} from './eg-provider.js'

const suite = replaySuite(async ({ lp }) => ({ net: await readyNetwork(lp, 20) }))
const create = (config: ConnectionConfig) => createConnection(suite.provider, suite.lp.projectId, config)
const read = (id: string) => readConnection(suite.provider, suite.lp.projectId, id)
const remove = (id: string) => deleteConnection(suite.provider, suite.lp.projectId, id)
const connections = () => egConnections(suite.lp.projectId)
/** A connection's configuration in the suite's network. */
const inNetwork = (name: string, more: Omit<ConnectionConfig, 'name' | 'vpc_id' | 'subnet_id'> = {}): ConnectionConfig => ({
  name,
  vpc_id: suite.net.vpc.id,
  subnet_id: suite.net.subnet.id,
  ...more,
})

describe('huaweicloud_eg_connection', () => {
  test('create, read, update, import, delete, read after delete (TestAccConnection_basic)', async () => {
    const config = inNetwork('tf-eg-basic', { description: 'created by terraform' })
    assert.deepEqual(createBody(config), {
      name: 'tf-eg-basic',
      vpc_id: suite.net.vpc.id,
      subnet_id: suite.net.subnet.id,
      description: 'created by terraform',
    })
    const { id, created } = await create(config)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'CreateConnection', 200, created.body), [])
    const shown = await read(id)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'ShowDetailOfConnection', 200, shown), [])
    const first = state(shown)
    assert.deepEqual(planDiff(config, first), [])
    assert.equal(first.type, 'WEBHOOK', 'type is Optional+Computed: a value must come back')
    assert.deepEqual(first.kafka_detail, [], 'a WEBHOOK connection has no kafka_detail block')
    for (const field of ['status', 'created_at', 'updated_at', 'agency'] as const) assert.ok(first[field], field)
    assert.equal(first.agency, 'EG_DELEGATE_FG_AGENCY')

    // The description removed from the configuration: `{"description": ""}` (RemoveNil keeps an empty string).
    const updated = await updateDescription(suite.provider, suite.lp.projectId, id, '')
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'UpdateConnection', 200, updated.body), [])
    const afterUpdate = state(await read(id))
    assert.deepEqual(planDiff({ ...config, description: '' }, afterUpdate), [])
    assert.ok(afterUpdate.updated_at)

    // Import by id, ImportStateVerify with nothing ignored: the Read reproduces the state exactly.
    assert.deepEqual(state(await read(id)), afterUpdate)

    const deleted = await remove(id)
    assert.equal(deleted.body, undefined)
  })

  test('KAFKA (TestAccConnection_kafka): type and kafka_detail read back; flavor set; import round-trips', async () => {
    const config = inNetwork('tf-eg-kafka', {
      description: 'created by terraform',
      type: 'KAFKA',
      kafka_detail: [{ instance_id: 'c1a5f9a6-kafka-instance', connect_address: '192.168.0.53:9092,192.168.0.54:9092' }],
    })
    const { id } = await create(config)
    const first = state(await read(id))
    assert.deepEqual(planDiff(config, first), [])
    assert.deepEqual(first.type, 'KAFKA')
    // Computed attributes the configuration left out come back with values (no diff).
    assert.deepEqual(
      [first.kafka_detail[0].acks, first.kafka_detail[0].security_protocol, first.kafka_detail[0].user_name],
      ['1', 'PLAINTEXT', ''],
    )
    for (const field of ['bandwidth_type', 'concurrency', 'concurrency_type', 'name'] as const) assert.ok(first.flavor[0][field], field)
    // Once provisioned, a read is what the import reads: the same state again.
    const settled = await waitForState({
      pending: ['CREATING'],
      target: ['CREATED'],
      refresh: async () => {
        const body = await read(id)
        return { body, state: body.status }
      },
    })
    assert.deepEqual(state(await read(id)), state(settled))
    await remove(id)
  })

  test('KAFKA with a user name: sent as sasl_ssl/username, read back from `username`', async () => {
    const config = inNetwork('tf-eg-kafka-sasl', {
      type: 'KAFKA',
      kafka_detail: [{ instance_id: 'kafka-2', connect_address: '192.168.0.55:9093', user_name: 'user', password: 'Kafkatest@123' }],
    })
    const { id } = await create(config)
    const read1 = state(await read(id))
    assert.equal(read1.kafka_detail[0].user_name, 'user')
    assert.equal(read1.kafka_detail[0].security_protocol, 'SASL_SSL')
    // The password comes back as sent, so the ForceNew kafka_detail plans no replacement.
    assert.equal(read1.kafka_detail[0].password, 'Kafkatest@123')
    assert.deepEqual(planDiff(config, read1), [])
    await remove(id)
  })
})

describe('huaweicloud_eg_connections', () => {
  /** `listConnections`: limit=500, offset from 0, until a page holds fewer than 500. */
  async function listAll(filters = '') {
    const items: any[] = []
    for (let offset = 0; ;) {
      const page = await suite.provider.request('GET', `${connections()}?limit=500${filters}&offset=${offset}`, {
        moreHeaders: JSON_HEADER,
      })
      if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'ListConnections', 200, page.body), [])
      const got = (page.body.items ?? []) as any[]
      items.push(...got)
      if (got.length < 500) return items
      offset += got.length
    }
  }

  test('every item has what the data source reads; name exact, fuzzy_name substring, sort DESC the reverse of ASC', async () => {
    const ids: string[] = []
    for (const name of ['tf-ds-alpha', 'tf-ds-beta', 'other-gamma']) ids.push((await create(inNetwork(name))).id)
    const saslKafka = { instance_id: 'kafka-3', connect_address: '192.168.0.56:9093', user_name: 'user', password: 'Kafkatest@123' }
    ids.push((await create(inNetwork('tf-ds-kafka', { type: 'KAFKA', kafka_detail: [saslKafka] }))).id)
    const all = await listAll()
    assert.equal(all.length, 4)
    for (const item of all) {
      for (const key of ['id', 'name', 'vpc_id', 'subnet_id', 'type', 'status', 'created_time', 'updated_time', 'agency'])
        assert.ok(item[key], key)
      for (const key of ['name', 'concurrency_type', 'concurrency', 'bandwidth_type']) assert.ok(item.flavor[key], key)
    }
    const kafka = all.find((c) => c.name === 'tf-ds-kafka').kafka_detail
    // flattenConnectionKafkaDetail reads instance_id, addr, security_protocol, enable_sasl_ssl, user_name, acks.
    assert.deepEqual(
      [kafka.instance_id, kafka.addr, kafka.security_protocol, kafka.enable_sasl_ssl, kafka.user_name, kafka.acks],
      ['kafka-3', '192.168.0.56:9093', 'SASL_SSL', true, 'user', '1'],
    )
    assert.deepEqual(
      (await listAll('&name=tf-ds-alpha')).map((c) => c.name),
      ['tf-ds-alpha'],
    )
    assert.deepEqual((await listAll('&fuzzy_name=tf-ds')).map((c) => c.name).sort(), ['tf-ds-alpha', 'tf-ds-beta', 'tf-ds-kafka'])
    const ascending = (await listAll('&sort=name:ASC')).map((c) => c.name)
    const descending = (await listAll('&sort=name:DESC')).map((c) => c.name)
    assert.deepEqual(descending, [...ascending].reverse())
    for (const id of ids) await remove(id)
  })
})
