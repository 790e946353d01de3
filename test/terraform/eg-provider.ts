/**
 * The EventGrid connection's calls as terraform-provider-huaweicloud makes them (commit a0345b8dcc81,
 * huaweicloud/services/eg/resource_huaweicloud_eg_connection.go), shared by the EventGrid replay suites:
 * every call sends `Content-Type: application/json` (MoreHeaders) and accepts one status only.
 */
import assert from 'node:assert/strict'
import { at, expectNotFound, type ProviderClient } from '../support/terraform.js'

export const JSON_HEADER = { 'Content-Type': 'application/json' }
export const egConnections = (projectId: string) => `v1/${projectId}/connections`

export interface KafkaConfig {
  instance_id: string
  connect_address: string
  user_name?: string
  password?: string
  acks?: string
  security_protocol?: string
}

export interface ConnectionConfig {
  name: string
  vpc_id: string
  subnet_id: string
  description?: string
  type?: string
  kafka_detail?: KafkaConfig[]
}

/** `buildCreateConnectionBodyParams` after RemoveNil (empty strings are ValueIgnoreEmpty'd to nil, then dropped). */
export function createBody(config: ConnectionConfig) {
  const kafka = config.kafka_detail?.[0]
  const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''))
  return strip({
    name: config.name,
    vpc_id: config.vpc_id,
    subnet_id: config.subnet_id,
    description: config.description,
    type: config.type,
    kafka_detail: kafka
      ? strip({
          instance_id: kafka.instance_id,
          addr: kafka.connect_address,
          acks: kafka.acks,
          security_protocol: kafka.security_protocol,
          ...(kafka.user_name ? { sasl_ssl: true, username: kafka.user_name, password: kafka.password } : {}),
        })
      : undefined,
  })
}

/** The state `resourceConnectionRead` writes (`flattenGetConnectionResponseBody*`). */
export function connectionState(body: any) {
  const kafka = body.kafka_detail ?? {}
  const flavor = body.flavor ?? {}
  return {
    name: at(body, 'name'),
    vpc_id: at(body, 'vpc_id'),
    subnet_id: at(body, 'subnet_id'),
    description: at(body, 'description'),
    type: at(body, 'type'),
    kafka_detail:
      Object.keys(kafka).length === 0
        ? []
        : [
            {
              instance_id: at(kafka, 'instance_id'),
              connect_address: at(kafka, 'addr'),
              user_name: at(kafka, 'username'),
              password: at(kafka, 'password'),
              acks: at(kafka, 'acks'),
              security_protocol: at(kafka, 'security_protocol'),
            },
          ],
    flavor:
      Object.keys(flavor).length === 0
        ? []
        : [
            {
              bandwidth_type: at(flavor, 'bandwidth_type'),
              concurrency: at(flavor, 'concurrency'),
              concurrency_type: at(flavor, 'concurrency_type'),
              name: at(flavor, 'name'),
            },
          ],
    status: at(body, 'status'),
    agency: at(body, 'agency'),
    created_at: at(body, 'created_time'),
    updated_at: at(body, 'updated_time'),
  }
}

/** `resourceConnectionCreate`: POST (OkCodes 200), the id from `id`; no wait. */
export async function createConnection(provider: ProviderClient, projectId: string, config: ConnectionConfig) {
  const created = await provider.request('POST', egConnections(projectId), {
    jsonBody: createBody(config),
    okCodes: [200],
    moreHeaders: JSON_HEADER,
  })
  const id: string = created.body.id ?? ''
  assert.notEqual(id, '', 'unable to find the connection ID from the API response')
  return { id, created }
}

/** The GET of `resourceConnectionRead` (OkCodes 200). */
export const readConnection = async (provider: ProviderClient, projectId: string, id: string) =>
  (await provider.request('GET', `${egConnections(projectId)}/${id}`, { okCodes: [200], moreHeaders: JSON_HEADER })).body

/** `resourceConnectionUpdate`, when the description changed: `{"description": ...}` (OkCodes 200). */
export const updateDescription = (provider: ProviderClient, projectId: string, id: string, description: string) =>
  provider.request('PUT', `${egConnections(projectId)}/${id}`, { jsonBody: { description }, okCodes: [200], moreHeaders: JSON_HEADER })

/** `resourceConnectionDelete` (OkCodes 204); a later Read finds it gone (404, CheckDeletedDiag). */
export async function deleteConnection(provider: ProviderClient, projectId: string, id: string) {
  const deleted = await provider.request('DELETE', `${egConnections(projectId)}/${id}`, { okCodes: [204], moreHeaders: JSON_HEADER })
  await expectNotFound(provider.request('GET', `${egConnections(projectId)}/${id}`, { okCodes: [200], moreHeaders: JSON_HEADER }))
  return deleted
}
