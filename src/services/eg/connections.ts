import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { newId } from '../../platform/ids.js'
import { itemCaches, itemVersion } from '../../platform/item-cache.js'
import { offsetPage, parseSort } from '../../platform/pagination.js'
import { toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { containsIgnoringCase } from '../../store/text-match.js'
import { transaction } from '../../store/transaction.js'
import { findSubnet, findVpc, releaseAddresses } from '../vpc/network.js'
import { CONNECTION_AGENCY, hasAgency } from './agencies.js'
import { EgError } from './errors.js'
import { returnQuota, takeQuota } from './quotas.js'
import { checkName, kafkaDetail, rocketMqDetail, updatedKafkaDetail } from './rules.js'
import {
  Connection,
  type CreateConnectionBody,
  type KafkaDetail,
  type ListConnectionsQuery,
  type RocketMqDetail,
  type UpdateConnectionBody,
} from './schemas.js'
import type { EgConnectionRow } from './tables.js'
import { CONNECTION_READY, CONNECTION_READY_SECONDS } from './transitions.js'

/** EventGrid writes times as `2021-12-09 09:00:00` (UTC, no zone), as its definitions' examples show. */
export const egTime = (stored: string): string => stored.slice(0, 19).replace('T', ' ')

/**
 * Every connection has the one flavour Huawei's examples show: linkplane has no exclusive capacity to
 * sell, so concurrency and bandwidth are shared.
 */
const FLAVOR = { name: 'default', concurrency_type: 'shared', concurrency: 500, bandwidth_type: 'shared' }

/** Sortable fields (`sort=name:DESC`) and their columns. */
const SORT_FIELDS = { name: 'name', created_time: 'created_at', updated_time: 'updated_at' }

/**
 * The connection as the API shows it. The broker settings appear only for their type (`kafka_detail` for
 * KAFKA, `rocketmq_detail` for ROCKETMQ), passwords included (rules.ts says why); `error_info` is `{}` unless creation failed.
 */
export function connectionView(row: EgConnectionRow): Static<typeof Connection> {
  const view: Static<typeof Connection> = {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    error_info: JSON.parse(row.error_info),
    vpc_id: row.vpc_id,
    subnet_id: row.subnet_id,
    agency: row.agency,
    flavor: FLAVOR,
    type: row.type,
    created_time: egTime(row.created_at),
    updated_time: egTime(row.updated_at),
  }
  if (row.type === 'KAFKA') {
    const kafka: Static<typeof KafkaDetail> = JSON.parse(row.detail)
    view.kafka_detail = { ...kafka, username: kafka.user_name }
  }
  if (row.type === 'ROCKETMQ') view.rocketmq_detail = JSON.parse(row.detail)
  return view
}

async function getConnection(db: Db, projectId: string, id: string): Promise<EgConnectionRow> {
  const row = await db.selectFrom('eg_connections').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst()
  if (!row) throw EgError.NotFound(`connection ${id}`)
  return row
}

/** The broker settings a type needs, and no others. */
function brokerDetail(input: Static<typeof CreateConnectionBody>, type: EgConnectionRow['type']) {
  if (type !== 'KAFKA' && input.kafka_detail) throw EgError.InvalidParameters(`kafka_detail is only for type KAFKA, not ${type}`)
  if (type !== 'ROCKETMQ' && input.rocketmq_detail)
    throw EgError.InvalidParameters(`rocketmq_detail is only for type ROCKETMQ, not ${type}`)
  if (type === 'KAFKA') {
    if (!input.kafka_detail) throw EgError.InvalidParameters('type KAFKA needs kafka_detail')
    return kafkaDetail(input.kafka_detail)
  }
  if (type === 'ROCKETMQ') {
    if (!input.rocketmq_detail) throw EgError.InvalidParameters('type ROCKETMQ needs rocketmq_detail')
    return rocketMqDetail(input.rocketmq_detail)
  }
  return null
}

/** The VPC and subnet must be the caller's, and the subnet in the VPC: a bad reference is an invalid parameter. */
async function checkNetwork(db: Db, projectId: string, vpcId: string, subnetId: string): Promise<void> {
  if (!(await findVpc(db, projectId, vpcId))) throw EgError.InvalidParameters(`vpc ${vpcId} does not exist`)
  const subnet = await findSubnet(db, projectId, subnetId)
  if (!subnet) throw EgError.InvalidParameters(`subnet ${subnetId} does not exist`)
  if (subnet.vpc_id !== vpcId) throw EgError.InvalidParameters(`subnet ${subnetId} does not belong to vpc ${vpcId}`)
}

/**
 * Creates a connection in CREATING; the lifecycle engine then gives its endpoint an address in the subnet
 * (CREATED) or fails it (CREATE_FAILED). Checks, in order: values, VPC and subnet, the service agency,
 * the quota, the name's uniqueness (the database's unique index, so concurrent creates cannot both win).
 */
export async function createConnection(
  projectId: string,
  input: Static<typeof CreateConnectionBody>,
  { db, clock, lifecycle }: AppContext,
) {
  const name = checkName(input.name)
  const type = input.type ?? 'WEBHOOK'
  const detail = brokerDetail(input, type)
  return transaction(db, async (trx) => {
    await checkNetwork(trx, projectId, input.vpc_id, input.subnet_id)
    if (!(await hasAgency(trx, projectId, 'TARGET_CONNECTION'))) throw EgError.AgencyMissing(CONNECTION_AGENCY)
    await takeQuota(trx, projectId, 'CONNECTION')
    const now = toStored(clock.now())
    const row: EgConnectionRow = {
      id: newId(),
      project_id: projectId,
      name,
      description: input.description ?? '',
      type,
      vpc_id: input.vpc_id,
      subnet_id: input.subnet_id,
      status: 'CREATING',
      agency: CONNECTION_AGENCY,
      instance_id: detail?.instance_id ?? '',
      detail: detail ? JSON.stringify(detail) : '',
      error_info: '{}',
      endpoint_ip: '',
      created_at: now,
      updated_at: now,
    }
    await trx
      .insertInto('eg_connections')
      .values(row)
      .execute()
      .catch((error) => {
        throw isUniqueViolation(error) ? EgError.NameDuplicated(name) : error
      })
    await lifecycle.schedule(trx, CONNECTION_READY, row.id, CONNECTION_READY_SECONDS)
    return connectionView(row)
  })
}

export async function showConnection(projectId: string, id: string, { db }: AppContext) {
  return connectionView(await getConnection(db, projectId, id))
}

/** Connections as lists show them, serialised once per version. */
const connectionItems = itemCaches(Connection)

/**
 * Lists with offset/limit and `sort` (default `created_time:DESC`); `name` matches exactly, `fuzzy_name`
 * is a substring match ignoring case (the same on every SQL engine), `instance_id` the broker instance.
 */
export async function listConnections(projectId: string, query: Static<typeof ListConnectionsQuery>, { db }: AppContext) {
  const sortText = query.sort ?? 'created_time:DESC'
  const sort = parseSort(sortText, SORT_FIELDS)
  if (!sort)
    throw EgError.InvalidParameters(
      `sort ${sortText} is not field:ASC or field:DESC with field one of ${Object.keys(SORT_FIELDS).join(', ')}`,
    )
  let q = db.selectFrom('eg_connections').select(['id', itemVersion]).where('project_id', '=', projectId)
  if (query.name !== undefined) q = q.where('name', '=', query.name)
  if (query.fuzzy_name !== undefined) q = q.where(containsIgnoringCase('name', query.fuzzy_name))
  if (query.instance_id !== undefined) q = q.where('instance_id', '=', query.instance_id)
  const page = await offsetPage(q, { offset: query.offset ?? 0, limit: query.limit ?? 15, sort })
  const { items, ids } = await connectionItems(db).list(page.items, async (missing) =>
    (await db.selectFrom('eg_connections').selectAll().where('id', 'in', missing).execute()).map(connectionView),
  )
  return { total: page.total, size: ids.length, items }
}

/**
 * Updates the description (`""` clears it) and broker credentials: Kafka's user name and password, or
 * RocketMQ's settings. Credentials of another type's broker are EG.00514004.
 * Allowed in every status: Terraform updates right after creating, without waiting.
 */
export async function updateConnection(
  projectId: string,
  id: string,
  input: Static<typeof UpdateConnectionBody>,
  { db, clock }: AppContext,
) {
  return transaction(db, async (trx) => {
    const row = await getConnection(trx, projectId, id)
    const changes: Partial<EgConnectionRow> = { updated_at: toStored(clock.now()) }
    if (input.description !== undefined) changes.description = input.description
    if (input.kafka_detail !== undefined) {
      if (row.type !== 'KAFKA') throw EgError.NotModifiable(`connection ${id} is of type ${row.type}, not KAFKA`)
      changes.detail = JSON.stringify(updatedKafkaDetail(JSON.parse(row.detail) as Static<typeof KafkaDetail>, input.kafka_detail))
    }
    if (input.rocketmq_detail !== undefined) {
      if (row.type !== 'ROCKETMQ') throw EgError.NotModifiable(`connection ${id} is of type ${row.type}, not ROCKETMQ`)
      const detail: Static<typeof RocketMqDetail> = rocketMqDetail(input.rocketmq_detail)
      changes.detail = JSON.stringify(detail)
      changes.instance_id = detail.instance_id
    }
    await trx.updateTable('eg_connections').set(changes).where('id', '=', id).execute()
    return connectionView({ ...row, ...changes })
  })
}

/** Deletes a connection in any status: its address goes back to the subnet, its quota unit back to the project. */
export async function deleteConnection(projectId: string, id: string, { db, lifecycle }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    await getConnection(trx, projectId, id)
    await lifecycle.cancel(trx, id)
    await releaseAddresses(trx, id)
    await trx.deleteFrom('eg_connections').where('id', '=', id).execute()
    await returnQuota(trx, projectId, 'CONNECTION')
  })
}
