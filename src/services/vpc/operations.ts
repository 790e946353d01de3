import Type from 'typebox'
import { defineOperation, defineService } from '../../platform/operation.js'
import { VpcError, vpcStyle } from './errors.js'
import { createPrivateIps, deletePrivateIp, listPrivateIps, showPrivateIp } from './private-ips.js'
import {
  CreatePrivateIpsBody,
  CreateSubnetBody,
  CreateVpcBody,
  ListPrivateIpsQuery,
  ListSubnetsQuery,
  ListVpcsQuery,
  PrivateIp,
  PrivateIpParams,
  ProjectParams,
  Subnet,
  SubnetParams,
  UpdateSubnetBody,
  UpdateVpcBody,
  Vpc,
  VpcParams,
  VpcSubnetParams,
} from './schemas.js'
import { createSubnet, deleteSubnet, listSubnets, showSubnet, updateSubnet } from './subnets.js'
import { tagOperations } from './tag-operations.js'
import { vpcFailures, vpcTransitions } from './transitions.js'
import { vpcV3Operations } from './v3-operations.js'
import { createVpc, deleteVpc, listVpcs, updateVpc, getVpc, vpcView } from './vpcs.js'
import { VPC_TABLES } from './tables.js'

/** Subnet operations answer invalid input with the subnet module's code. */
const subnetBadRequest = (reason: string) => VpcError.SubnetInvalid(reason)
const privateIpBadRequest = (reason: string) => VpcError.PrivateIpBadRequest(reason)

/**
 * The VPC service: v1 (`/v1/{project_id}/...`: VPCs, subnets and private IPs, as the SDK's VpcClient (v2)
 * calls them), v3 VPCs with secondary CIDRs (v3-operations.ts), and the v2.0 tags of VPCs and subnets
 * (tag-operations.ts). One table of VPCs behind all of them.
 */
export const vpcService = defineService({
  name: 'vpc',
  title: 'VPC',
  catalog: { type: 'vpc', name: 'vpc' },
  tables: VPC_TABLES,
  errors: vpcStyle,
  transitions: vpcTransitions,
  failures: vpcFailures,
  operations: [
    defineOperation({
      name: 'CreateVpc',
      summary: 'Creates a VPC; it is CREATING, then OK',
      method: 'POST',
      path: '/v1/:project_id/vpcs',
      action: 'vpc:vpcs:create',
      params: ProjectParams,
      body: CreateVpcBody,
      response: { status: 200, schema: Type.Object({ vpc: Vpc }) },
      handler: async ({ params, body }, context) => ({ vpc: await createVpc(params.project_id, body.vpc, context) }),
    }),
    defineOperation({
      name: 'ListVpcs',
      summary: "Lists the project's VPCs (marker/limit)",
      method: 'GET',
      path: '/v1/:project_id/vpcs',
      action: 'vpc:vpcs:list',
      params: ProjectParams,
      query: ListVpcsQuery,
      // Documented: a VPC list without the permission answers 200 with an empty list.
      whenDenied: () => ({ vpcs: [] }),
      response: { status: 200, schema: Type.Object({ vpcs: Type.Array(Vpc) }) },
      handler: async ({ params, query }, context) => ({ vpcs: await listVpcs(params.project_id, query, context) }),
    }),
    defineOperation({
      name: 'ShowVpc',
      summary: 'Shows a VPC',
      method: 'GET',
      path: '/v1/:project_id/vpcs/:vpc_id',
      action: 'vpc:vpcs:get',
      params: VpcParams,
      response: { status: 200, schema: Type.Object({ vpc: Vpc }) },
      handler: async ({ params }, { db }) => ({ vpc: vpcView(await getVpc(db, params.project_id, params.vpc_id)) }),
    }),
    defineOperation({
      name: 'UpdateVpc',
      summary: "Updates a VPC's name, description, CIDR (which must keep containing its subnets) or default route",
      method: 'PUT',
      path: '/v1/:project_id/vpcs/:vpc_id',
      action: 'vpc:vpcs:update',
      params: VpcParams,
      body: UpdateVpcBody,
      response: { status: 200, schema: Type.Object({ vpc: Vpc }) },
      handler: async ({ params, body }, context) => ({
        vpc: vpcView(await updateVpc(params.project_id, params.vpc_id, body.vpc, context)),
      }),
    }),
    defineOperation({
      name: 'DeleteVpc',
      summary: 'Deletes a VPC that has no subnets',
      method: 'DELETE',
      path: '/v1/:project_id/vpcs/:vpc_id',
      action: 'vpc:vpcs:delete',
      params: VpcParams,
      response: { status: 204 },
      handler: ({ params }, context) => deleteVpc(params.project_id, params.vpc_id, context),
    }),
    defineOperation({
      name: 'CreateSubnet',
      summary: 'Creates a subnet in a VPC; it is UNKNOWN, then ACTIVE',
      method: 'POST',
      path: '/v1/:project_id/subnets',
      action: 'vpc:subnets:create',
      params: ProjectParams,
      body: CreateSubnetBody,
      badRequest: subnetBadRequest,
      response: { status: 200, schema: Type.Object({ subnet: Subnet }) },
      handler: async ({ params, body }, context) => ({ subnet: await createSubnet(params.project_id, body.subnet, context) }),
    }),
    defineOperation({
      name: 'ListSubnets',
      summary: "Lists the project's subnets, optionally of one VPC (marker/limit)",
      method: 'GET',
      path: '/v1/:project_id/subnets',
      // Huawei lists subnets under the get action.
      action: 'vpc:subnets:get',
      params: ProjectParams,
      query: ListSubnetsQuery,
      badRequest: subnetBadRequest,
      // Documented: a VPC list without the permission answers 200 with an empty list.
      whenDenied: () => ({ subnets: [] }),
      response: { status: 200, schema: Type.Object({ subnets: Type.Array(Subnet) }) },
      handler: async ({ params, query }, context) => ({ subnets: await listSubnets(params.project_id, query, context) }),
    }),
    defineOperation({
      name: 'ShowSubnet',
      summary: 'Shows a subnet',
      method: 'GET',
      path: '/v1/:project_id/subnets/:subnet_id',
      action: 'vpc:subnets:get',
      params: SubnetParams,
      badRequest: subnetBadRequest,
      response: { status: 200, schema: Type.Object({ subnet: Subnet }) },
      handler: async ({ params }, context) => ({ subnet: await showSubnet(params.project_id, params.subnet_id, context) }),
    }),
    defineOperation({
      name: 'UpdateSubnet',
      summary: "Updates a subnet's name, description, DHCP and DNS settings; answers its id and status",
      method: 'PUT',
      path: '/v1/:project_id/vpcs/:vpc_id/subnets/:subnet_id',
      action: 'vpc:subnets:update',
      params: VpcSubnetParams,
      body: UpdateSubnetBody,
      badRequest: subnetBadRequest,
      response: { status: 200, schema: Type.Object({ subnet: Type.Object({ id: Type.String(), status: Type.String() }) }) },
      handler: async ({ params, body }, context) => ({
        subnet: await updateSubnet(params.project_id, params.vpc_id, params.subnet_id, body.subnet, context),
      }),
    }),
    defineOperation({
      name: 'DeleteSubnet',
      summary: 'Deletes a subnet whose addresses are all released',
      method: 'DELETE',
      path: '/v1/:project_id/vpcs/:vpc_id/subnets/:subnet_id',
      action: 'vpc:subnets:delete',
      params: VpcSubnetParams,
      badRequest: subnetBadRequest,
      response: { status: 204 },
      handler: ({ params }, context) => deleteSubnet(params.project_id, params.vpc_id, params.subnet_id, context),
    }),
    defineOperation({
      name: 'CreatePrivateip',
      summary: 'Reserves addresses in subnets: the ones asked for, or the lowest free ones',
      method: 'POST',
      path: '/v1/:project_id/privateips',
      action: 'vpc:privateIps:create',
      params: ProjectParams,
      body: CreatePrivateIpsBody,
      badRequest: privateIpBadRequest,
      response: { status: 200, schema: Type.Object({ privateips: Type.Array(PrivateIp) }) },
      handler: async ({ params, body }, context) => ({ privateips: await createPrivateIps(params.project_id, body, context) }),
    }),
    defineOperation({
      name: 'ListPrivateips',
      summary: 'Lists every address allocated in a subnet (marker/limit)',
      method: 'GET',
      path: '/v1/:project_id/subnets/:subnet_id/privateips',
      action: 'vpc:privateIps:list',
      params: SubnetParams,
      query: ListPrivateIpsQuery,
      badRequest: () => VpcError.PrivateIpListInvalid(),
      // Documented: a VPC list without the permission answers 200 with an empty list.
      whenDenied: () => ({ privateips: [] }),
      response: { status: 200, schema: Type.Object({ privateips: Type.Array(PrivateIp) }) },
      handler: async ({ params, query }, context) => ({
        privateips: await listPrivateIps(params.project_id, params.subnet_id, query, context),
      }),
    }),
    defineOperation({
      name: 'ShowPrivateip',
      summary: 'Shows an allocated address',
      method: 'GET',
      path: '/v1/:project_id/privateips/:privateip_id',
      action: 'vpc:privateIps:get',
      params: PrivateIpParams,
      badRequest: privateIpBadRequest,
      response: { status: 200, schema: Type.Object({ privateip: PrivateIp }) },
      handler: async ({ params }, context) => ({ privateip: await showPrivateIp(params.project_id, params.privateip_id, context) }),
    }),
    defineOperation({
      name: 'DeletePrivateip',
      summary: 'Releases an address reserved with CreatePrivateip',
      method: 'DELETE',
      path: '/v1/:project_id/privateips/:privateip_id',
      action: 'vpc:privateIps:delete',
      params: PrivateIpParams,
      badRequest: privateIpBadRequest,
      response: { status: 204 },
      handler: ({ params }, context) => deletePrivateIp(params.project_id, params.privateip_id, context),
    }),
    ...vpcV3Operations,
    ...tagOperations('vpc'),
    ...tagOperations('subnet'),
  ],
})
