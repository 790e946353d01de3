import Type from 'typebox'
import type { Clock } from '../../platform/time.js'
import { defineOperation, defineService } from '../../platform/operation.js'
import { clusterView, createCluster, deleteCluster, getCluster, listClusters, updateCluster } from './clusters.js'
import { csStyle } from './errors.js'
import { createCsPeering, createRoute, deleteCsPeering, deleteRoute, listCsPeerings, listRoutes, showCsPeering } from './peerings.js'
import { listQuotas, showQuota, updateQuota } from './quotas.js'
import {
  ClusterInfo,
  ClusterParams,
  CreateClusterBody,
  CreatePeeringBody,
  CreateRouteBody,
  CsPeering,
  envelope,
  withPayload,
  ListClustersQuery,
  ListQuotasQuery,
  PeeringParams,
  ProjectParams,
  Route,
  RouteParams,
  UpdateClusterBody,
  UpdateQuotaBody,
  UserParams,
  UserQuotaInfo,
} from './schemas.js'
import { csFailures, csTransitions } from './status.js'
import { CS_TABLES } from './tables.js'

/** Cloud Stream's success envelope. Message ids share the CS.xxxxx space; CS.10001 is its generic success. */
const ok = (clock: Clock, message: string, messageId = 'CS.10001') => ({
  message_id: messageId,
  message,
  current_time: clock.now().getTime(),
})

const BASE = '/v1.0/:project_id'

/**
 * Cloud Stream exclusive clusters (`/v1.0/{project_id}/...`), their VPC peerings and routes, and the SPU
 * quotas of the account's users. There is no npm SDK: clients drive these with the core SDK's HcClient.
 * IAM actions are linkplane's (`cs:<resource>:<verb>`): Huawei documents none for this deprecated API.
 */
export const csService = defineService({
  name: 'cs',
  title: 'Cloud Stream',
  catalog: { type: 'cs', name: 'cs' },
  tables: CS_TABLES,
  errors: csStyle,
  transitions: csTransitions,
  failures: csFailures,
  operations: [
    defineOperation({
      name: 'CreateReservedCluster',
      summary: 'Creates an exclusive cluster, with its own VPC and subnet; status 1 creating, 4 starting, then 5 running',
      method: 'POST',
      path: `${BASE}/reserved_cluster`,
      action: 'cs:cluster:create',
      params: ProjectParams,
      body: CreateClusterBody,
      response: { status: 200, schema: withPayload(Type.Object({ cluster_id: Type.Integer() })) },
      handler: async ({ params, body, principal }, context) => {
        const id = await createCluster(params.project_id, principal!.userId, body, context)
        return { ...ok(context.clock, 'The exclusive cluster is being created.'), payload: { cluster_id: id } }
      },
    }),
    defineOperation({
      name: 'DescribeReservedCluster',
      summary: 'Shows an exclusive cluster',
      method: 'GET',
      path: `${BASE}/reserved_cluster/:cluster_id`,
      action: 'cs:cluster:get',
      params: ClusterParams,
      response: { status: 200, schema: withPayload(ClusterInfo) },
      handler: async ({ params }, context) => ({
        ...ok(context.clock, 'Querying the exclusive cluster succeeded.'),
        payload: clusterView(await getCluster(context.db, params.project_id, params.cluster_id), context.config.region),
      }),
    }),
    defineOperation({
      name: 'GetReservedClusters',
      summary: "Lists the project's exclusive clusters (name and status filters; cursor/next/limit/order paging)",
      method: 'GET',
      path: `${BASE}/reserved_clusters`,
      action: 'cs:cluster:list',
      params: ProjectParams,
      query: ListClustersQuery,
      response: { status: 200, schema: withPayload(Type.Object({ total: Type.Integer(), clusters: Type.Array(ClusterInfo) })) },
      handler: async ({ params, query }, context) => ({
        ...ok(context.clock, 'Querying the exclusive clusters succeeded.'),
        payload: await listClusters(params.project_id, query, context),
      }),
    }),
    defineOperation({
      name: 'UpdateReservedCluster',
      summary: "Changes a cluster's name, description or SPU quota",
      method: 'PATCH',
      path: `${BASE}/reserved_cluster/:cluster_id`,
      action: 'cs:cluster:update',
      params: ClusterParams,
      body: UpdateClusterBody,
      response: { status: 200, schema: envelope() },
      handler: async ({ params, body }, context) => {
        await updateCluster(params.project_id, params.cluster_id, body, context)
        return ok(context.clock, 'The exclusive cluster has been updated.')
      },
    }),
    defineOperation({
      name: 'DeleteReservedCluster',
      summary: 'Deletes a cluster at once, with its peerings, routes, VPC and subnet',
      method: 'DELETE',
      path: `${BASE}/reserved_cluster/:cluster_id`,
      action: 'cs:cluster:delete',
      params: ClusterParams,
      response: { status: 200, schema: envelope() },
      handler: async ({ params }, context) => {
        await deleteCluster(params.project_id, params.cluster_id, context)
        return ok(context.clock, 'The exclusive cluster has been deleted.')
      },
    }),
    defineOperation({
      name: 'CreatePeering',
      summary: "Peers the cluster's VPC with a user VPC (PENDING_ACCEPTANCE until accepted through the VPC API)",
      method: 'POST',
      path: `${BASE}/reserved_cluster/:cluster_id/peering`,
      action: 'cs:peering:create',
      params: ClusterParams,
      body: CreatePeeringBody,
      response: { status: 201, schema: Type.Object({ peering: CsPeering }) },
      handler: async ({ params, body }, context) => ({
        peering: await createCsPeering(params.project_id, params.cluster_id, body, context),
      }),
    }),
    defineOperation({
      name: 'GetPeerings',
      summary: "Lists the cluster's peerings",
      method: 'GET',
      path: `${BASE}/reserved_cluster/:cluster_id/peering`,
      action: 'cs:peering:list',
      params: ClusterParams,
      response: { status: 200, schema: Type.Object({ peerings: Type.Array(CsPeering) }) },
      handler: async ({ params }, context) => ({ peerings: await listCsPeerings(params.project_id, params.cluster_id, context) }),
    }),
    defineOperation({
      name: 'GetPeering',
      summary: 'Shows a peering of the cluster; CS.22103 once deleted',
      method: 'GET',
      path: `${BASE}/reserved_cluster/:cluster_id/peering/:peering_id`,
      action: 'cs:peering:get',
      params: PeeringParams,
      response: { status: 200, schema: Type.Object({ peering: CsPeering }) },
      handler: async ({ params }, context) => ({
        peering: await showCsPeering(params.project_id, params.cluster_id, params.peering_id, context),
      }),
    }),
    defineOperation({
      name: 'DeletePeering',
      summary: 'Deletes a peering of the cluster (the VPC peering itself)',
      method: 'DELETE',
      path: `${BASE}/reserved_cluster/:cluster_id/peering/:peering_id`,
      action: 'cs:peering:delete',
      params: PeeringParams,
      response: { status: 204 },
      handler: ({ params }, context) => deleteCsPeering(params.project_id, params.cluster_id, params.peering_id, context),
    }),
    defineOperation({
      name: 'CreateRoute',
      summary: 'Routes a destination CIDR through an ACTIVE peering',
      method: 'POST',
      path: `${BASE}/reserved_cluster/:cluster_id/peering/:peering_id/route`,
      action: 'cs:route:create',
      params: PeeringParams,
      body: CreateRouteBody,
      response: { status: 200, schema: Type.Object({ route: Route }) },
      handler: async ({ params, body }, context) => ({
        route: await createRoute(params.project_id, params.cluster_id, params.peering_id, body.destination, context),
      }),
    }),
    defineOperation({
      name: 'GetRoutes',
      summary: 'Lists the routes of a peering',
      method: 'GET',
      path: `${BASE}/reserved_cluster/:cluster_id/peering/:peering_id/route`,
      action: 'cs:route:list',
      params: PeeringParams,
      response: { status: 200, schema: Type.Object({ routes: Type.Array(Route) }) },
      handler: async ({ params }, context) => ({
        routes: await listRoutes(params.project_id, params.cluster_id, params.peering_id, context),
      }),
    }),
    defineOperation({
      name: 'DeleteRoute',
      summary: 'Deletes a route of a peering',
      method: 'DELETE',
      path: `${BASE}/reserved_cluster/:cluster_id/peering/:peering_id/route/:route_id`,
      action: 'cs:route:delete',
      params: RouteParams,
      response: { status: 204 },
      handler: ({ params }, context) => deleteRoute(params.project_id, params.cluster_id, params.peering_id, params.route_id, context),
    }),
    defineOperation({
      name: 'GetUserQuotas',
      summary: "The SPU quotas of the account's users",
      method: 'GET',
      path: `${BASE}/user_quotas`,
      action: 'cs:quota:list',
      params: ProjectParams,
      query: ListQuotasQuery,
      response: { status: 200, schema: withPayload(Type.Object({ total: Type.Integer(), users: Type.Array(UserQuotaInfo) })) },
      handler: async ({ query, principal }, context) => ({
        ...ok(context.clock, 'Querying the user quotas succeeded.', 'CS.21093'),
        payload: await listQuotas(principal!.domainId, query, context),
      }),
    }),
    defineOperation({
      name: 'GetUserQuota',
      summary: 'The SPU quota of one user of the account',
      method: 'GET',
      path: `${BASE}/user_quota/:user_id`,
      action: 'cs:quota:get',
      params: UserParams,
      response: { status: 200, schema: withPayload(UserQuotaInfo) },
      handler: async ({ params, principal }, context) => ({
        ...ok(context.clock, 'Querying the user quota succeeded.'),
        payload: await showQuota(principal!.domainId, params.user_id, context),
      }),
    }),
    defineOperation({
      name: 'UpdateUserQuota',
      summary: 'Sets the SPU quota of a user of the account, and the clusters assigned to them',
      method: 'PATCH',
      path: `${BASE}/user_quota/:user_id`,
      action: 'cs:quota:update',
      params: UserParams,
      body: UpdateQuotaBody,
      response: { status: 200, schema: envelope() },
      handler: async ({ params, body, principal }, context) => {
        await updateQuota(principal!.domainId, params.project_id, params.user_id, body, context)
        return ok(context.clock, 'The user quota has been updated.')
      },
    }),
  ],
})
