import { defineOperation, defineService } from '../../platform/operation.js'
import { createAgencies, listAgencies } from './agencies.js'
import { createConnection, deleteConnection, listConnections, showConnection, updateConnection } from './connections.js'
import { egStyle } from './errors.js'
import { listQuotas } from './quotas.js'
import {
  AgencyList,
  Connection,
  ConnectionList,
  ConnectionParams,
  CreateAgenciesBody,
  CreateConnectionBody,
  ListAgenciesQuery,
  ListConnectionsQuery,
  ListQuotasQuery,
  ProjectParams,
  QuotaList,
  UpdateConnectionBody,
} from './schemas.js'
import { egFailures, egTransitions } from './transitions.js'
import { EG_TABLES } from './tables.js'

/**
 * EventGrid (`/v1/{project_id}/...`): target connections into a VPC, the service agencies they need,
 * and quotas. Huawei publishes no IAM actions for these operations; linkplane names them
 * `eg:<resource>:<verb>`. Every response carries `X-Request-Id` (the gateway writes it).
 */
export const egService = defineService({
  name: 'eg',
  title: 'EventGrid',
  catalog: { type: 'eg', name: 'eg' },
  tables: EG_TABLES,
  errors: egStyle,
  transitions: egTransitions,
  failures: egFailures,
  operations: [
    defineOperation({
      name: 'CreateConnection',
      summary: 'Creates a target connection into a subnet; it is CREATING, then CREATED (or CREATE_FAILED)',
      method: 'POST',
      path: '/v1/:project_id/connections',
      action: 'eg:connections:create',
      params: ProjectParams,
      body: CreateConnectionBody,
      response: { status: 200, schema: Connection },
      handler: ({ params, body }, context) => createConnection(params.project_id, body, context),
    }),
    defineOperation({
      name: 'ListConnections',
      summary: "Lists the project's connections (offset/limit, sort, name and fuzzy_name filters)",
      method: 'GET',
      path: '/v1/:project_id/connections',
      action: 'eg:connections:list',
      params: ProjectParams,
      query: ListConnectionsQuery,
      response: { status: 200, schema: ConnectionList },
      handler: ({ params, query }, context) => listConnections(params.project_id, query, context),
    }),
    defineOperation({
      name: 'ShowDetailOfConnection',
      summary: 'Shows a connection',
      method: 'GET',
      path: '/v1/:project_id/connections/:connection_id',
      action: 'eg:connections:get',
      params: ConnectionParams,
      response: { status: 200, schema: Connection },
      handler: ({ params }, context) => showConnection(params.project_id, params.connection_id, context),
    }),
    defineOperation({
      name: 'UpdateConnection',
      summary: "Updates a connection's description and broker credentials",
      method: 'PUT',
      path: '/v1/:project_id/connections/:connection_id',
      action: 'eg:connections:update',
      params: ConnectionParams,
      body: UpdateConnectionBody,
      response: { status: 200, schema: Connection },
      handler: ({ params, body }, context) => updateConnection(params.project_id, params.connection_id, body, context),
    }),
    defineOperation({
      name: 'DeleteConnection',
      summary: 'Deletes a connection and releases its address',
      method: 'DELETE',
      path: '/v1/:project_id/connections/:connection_id',
      action: 'eg:connections:delete',
      params: ConnectionParams,
      response: { status: 204 },
      handler: ({ params }, context) => deleteConnection(params.project_id, params.connection_id, context),
    }),
    defineOperation({
      name: 'CreateAgencies',
      summary: "Authorises EventGrid's service agencies for a scenario (TARGET_CONNECTION before any connection)",
      method: 'POST',
      path: '/v1/:project_id/service-agencies',
      action: 'eg:agencies:create',
      params: ProjectParams,
      body: CreateAgenciesBody,
      response: { status: 200, schema: AgencyList },
      handler: ({ params, body }, context) => createAgencies(params.project_id, body.type, context),
    }),
    defineOperation({
      name: 'ListAgencies',
      summary: 'Lists the service agencies authorised for a scenario',
      method: 'GET',
      path: '/v1/:project_id/service-agencies',
      action: 'eg:agencies:list',
      params: ProjectParams,
      query: ListAgenciesQuery,
      response: { status: 200, schema: AgencyList },
      handler: ({ params, query }, context) => listAgencies(params.project_id, query.type, context),
    }),
    defineOperation({
      name: 'ListQuotas',
      summary: "Shows the project's quotas and their use (CONNECTION)",
      method: 'GET',
      path: '/v1/:project_id/quotas',
      action: 'eg:quotas:list',
      params: ProjectParams,
      query: ListQuotasQuery,
      response: { status: 200, schema: QuotaList },
      handler: ({ params, query }, context) => listQuotas(params.project_id, query.type, context),
    }),
  ],
})
