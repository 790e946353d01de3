import type { IncomingHttpHeaders } from 'node:http'
import Type from 'typebox'
import { defineOperation, defineService } from '../../platform/operation.js'
import { peeringStyle } from './errors.js'
import { peeringDeadlines } from './expiry.js'
import {
  answerPeering,
  callerProject,
  createPeering,
  deletePeering,
  listPeerings,
  peeringView,
  updatePeering,
  visiblePeering,
} from './peerings.js'
import { createRoute, getRoute, listRoutes, deleteRoute, routeView } from './routes.js'
import {
  CreatePeeringBody,
  CreateRouteBody,
  ListPeeringsQuery,
  ListRoutesQuery,
  PageLink,
  Peering,
  PeeringParams,
  Route,
  RouteParams,
  UpdatePeeringBody,
} from './schemas.js'
import { VPC_PEERING_TABLES } from './tables.js'

/**
 * Neutron's `<collection>_links` for a page: `previous` when it started after a marker, `next` when more
 * items follow.
 */
function pageLinks(
  path: string,
  headers: IncomingHttpHeaders,
  marker: string | undefined,
  { items, more, limit }: { items: Array<{ id: string }>; more: boolean; limit: number },
) {
  const link = (rel: string, at: string, reverse: boolean) => ({
    rel,
    marker: at,
    href: `http://${headers.host ?? '127.0.0.1'}${path}?limit=${limit}&marker=${at}${reverse ? '&page_reverse=True' : ''}`,
  })
  const links = []
  if (marker && items.length > 0) links.push(link('previous', items[0].id, true))
  if (more) links.push(link('next', items[items.length - 1].id, false))
  return links
}

/**
 * VPC peering (`/v2.0/vpc/peerings`, Neutron style) and the routes through peerings (`/v2.0/vpc/routes`):
 * the project is the caller's (token scope or `X-Project-Id`), as the SDK's VpcClient (v2) sends these
 * calls without one in the path.
 */
export const vpcPeeringService = defineService({
  name: 'vpc-peering',
  title: 'VPC peering',
  tables: VPC_PEERING_TABLES,
  errors: peeringStyle,
  deadlines: peeringDeadlines,
  operations: [
    defineOperation({
      name: 'CreateVpcPeering',
      summary: 'Peers two VPCs: ACTIVE at once within a tenant, PENDING_ACCEPTANCE across tenants',
      method: 'POST',
      path: '/v2.0/vpc/peerings',
      action: 'vpc:peerings:create',
      body: CreatePeeringBody,
      response: { status: 201, schema: Type.Object({ peering: Peering }) },
      handler: async ({ body, principal }, context) => ({ peering: await createPeering(callerProject(principal), body.peering, context) }),
    }),
    defineOperation({
      name: 'ListVpcPeerings',
      summary: 'Lists the peerings the project is a side of (marker/limit, peerings_links)',
      method: 'GET',
      path: '/v2.0/vpc/peerings',
      action: 'vpc:peerings:get',
      query: ListPeeringsQuery,
      response: { status: 200, schema: Type.Object({ peerings: Type.Array(Peering), peerings_links: Type.Array(PageLink) }) },
      handler: async ({ query, principal, headers }, context) => {
        const page = await listPeerings(callerProject(principal), query, context)
        return { peerings: page.items, peerings_links: pageLinks('/v2.0/vpc/peerings', headers, query.marker, page) }
      },
    }),
    defineOperation({
      name: 'ShowVpcPeering',
      summary: 'Shows a peering the project is a side of',
      method: 'GET',
      path: '/v2.0/vpc/peerings/:peering_id',
      action: 'vpc:peerings:get',
      params: PeeringParams,
      response: { status: 200, schema: Type.Object({ peering: Peering }) },
      handler: async ({ params, principal }, { db }) => ({
        peering: peeringView(await visiblePeering(db, callerProject(principal), params.peering_id)),
      }),
    }),
    defineOperation({
      name: 'UpdateVpcPeering',
      summary: 'Renames a peering or changes its description (either side)',
      method: 'PUT',
      path: '/v2.0/vpc/peerings/:peering_id',
      action: 'vpc:peerings:update',
      params: PeeringParams,
      body: UpdatePeeringBody,
      response: { status: 200, schema: Type.Object({ peering: Peering }) },
      handler: async ({ params, body, principal }, context) => ({
        peering: await updatePeering(callerProject(principal), params.peering_id, body.peering, context),
      }),
    }),
    defineOperation({
      name: 'AcceptVpcPeering',
      summary: 'The accepting tenant accepts a PENDING_ACCEPTANCE peering: ACTIVE (answer not wrapped)',
      method: 'PUT',
      path: '/v2.0/vpc/peerings/:peering_id/accept',
      action: 'vpc:peerings:accept',
      params: PeeringParams,
      response: { status: 200, schema: Peering },
      handler: ({ params, principal }, context) => answerPeering(callerProject(principal), params.peering_id, 'ACTIVE', context),
    }),
    defineOperation({
      name: 'RejectVpcPeering',
      summary: 'The accepting tenant rejects a PENDING_ACCEPTANCE peering: REJECTED (answer not wrapped)',
      method: 'PUT',
      path: '/v2.0/vpc/peerings/:peering_id/reject',
      action: 'vpc:peerings:reject',
      params: PeeringParams,
      response: { status: 200, schema: Peering },
      handler: ({ params, principal }, context) => answerPeering(callerProject(principal), params.peering_id, 'REJECTED', context),
    }),
    defineOperation({
      name: 'DeleteVpcPeering',
      summary: 'Deletes a peering, from either side',
      method: 'DELETE',
      path: '/v2.0/vpc/peerings/:peering_id',
      action: 'vpc:peerings:delete',
      params: PeeringParams,
      response: { status: 204 },
      handler: ({ params, principal }, context) => deletePeering(callerProject(principal), params.peering_id, context),
    }),
    defineOperation({
      name: 'CreateVpcRoute',
      summary: 'Adds a route to one of the VPCs of an ACTIVE peering, through that peering',
      method: 'POST',
      path: '/v2.0/vpc/routes',
      action: 'vpc:routes:create',
      body: CreateRouteBody,
      response: { status: 201, schema: Type.Object({ route: Route }) },
      handler: async ({ body, principal }, context) => ({ route: await createRoute(callerProject(principal), body.route, context) }),
    }),
    defineOperation({
      name: 'ListVpcRoutes',
      summary: "Lists the project's VPC routes (marker/limit, routes_links)",
      method: 'GET',
      path: '/v2.0/vpc/routes',
      action: 'vpc:routes:get',
      query: ListRoutesQuery,
      response: { status: 200, schema: Type.Object({ routes: Type.Array(Route), routes_links: Type.Array(PageLink) }) },
      handler: async ({ query, principal, headers }, context) => {
        const page = await listRoutes(callerProject(principal), query, context)
        return { routes: page.items, routes_links: pageLinks('/v2.0/vpc/routes', headers, query.marker, page) }
      },
    }),
    defineOperation({
      name: 'ShowVpcRoute',
      summary: 'Shows a VPC route of the project',
      method: 'GET',
      path: '/v2.0/vpc/routes/:route_id',
      action: 'vpc:routes:get',
      params: RouteParams,
      response: { status: 200, schema: Type.Object({ route: Route }) },
      handler: async ({ params, principal }, { db }) => ({
        route: routeView(await getRoute(db, callerProject(principal), params.route_id)),
      }),
    }),
    defineOperation({
      name: 'DeleteVpcRoute',
      summary: 'Deletes a VPC route of the project',
      method: 'DELETE',
      path: '/v2.0/vpc/routes/:route_id',
      action: 'vpc:routes:delete',
      params: RouteParams,
      response: { status: 204 },
      handler: ({ params, principal }, context) => deleteRoute(callerProject(principal), params.route_id, context),
    }),
  ],
})
