import { defineOperation } from '../../platform/operation.js'
import { vpcV3Style } from './errors.js'
import { addExtendCidrs, removeExtendCidrs } from './extend-cidrs.js'
import { ProjectParams, VpcParams } from './schemas.js'
import { CreateVpcV3Body, ExtendCidrsBody, ListVpcsV3Query, UpdateVpcV3Body, VpcV3Answer, VpcsV3Answer } from './v3-schemas.js'
import { deleteVpc, getVpc, updateVpc } from './vpcs.js'
import { createVpcV3, listVpcsV3, showVpcV3, vpcV3View } from './vpcs-v3.js'

/**
 * VPC v3 (`/v3/{project_id}/vpc/vpcs`), in v3's envelope `{error_code, error_msg, request_id}` with the
 * VPC service's codes. Operations that share their Huawei name with a v1 one are declared with a `V3`
 * suffix. A `dry_run` that passes answers 202 (see DryRunPassed).
 *
 * Success codes Huawei does not document for CreateVpc, UpdateVpc and DeleteVpc (its SDKs record none):
 * linkplane answers 201 with the VPC, 200 with the VPC and 204, as Huawei's other v3 VPC APIs do, and
 * v3's show and list answer with `request_id`.
 */
export const vpcV3Operations = [
  defineOperation({
    name: 'CreateVpcV3',
    huaweiName: 'CreateVpc',
    summary: 'Creates a VPC (v3): PENDING, then ACTIVE; tags and a CIDR mask up to /28',
    method: 'POST',
    path: '/v3/:project_id/vpc/vpcs',
    action: 'vpc:vpcs:create',
    params: ProjectParams,
    body: CreateVpcV3Body,
    errors: vpcV3Style,
    response: { status: 201, schema: VpcV3Answer },
    handler: async ({ params, body, requestId }, context) => ({
      request_id: requestId,
      vpc: await createVpcV3(params.project_id, body, context),
    }),
  }),
  defineOperation({
    name: 'ListVpcsV3',
    huaweiName: 'ListVpcs',
    summary: "Lists the project's VPCs (v3): repeatable id/name/description/cidr filters, marker/limit with page_info",
    method: 'GET',
    path: '/v3/:project_id/vpc/vpcs',
    action: 'vpc:vpcs:list',
    params: ProjectParams,
    query: ListVpcsV3Query,
    errors: vpcV3Style,
    response: { status: 200, schema: VpcsV3Answer },
    handler: async ({ params, query, requestId }, context) => ({
      request_id: requestId,
      ...(await listVpcsV3(params.project_id, query, context)),
    }),
  }),
  defineOperation({
    name: 'ShowVpcV3',
    huaweiName: 'ShowVpc',
    summary: 'Shows a VPC (v3), with its secondary CIDRs, tags and resource counts',
    method: 'GET',
    path: '/v3/:project_id/vpc/vpcs/:vpc_id',
    action: 'vpc:vpcs:get',
    params: VpcParams,
    errors: vpcV3Style,
    response: { status: 200, schema: VpcV3Answer },
    handler: async ({ params, requestId }, context) => ({
      request_id: requestId,
      vpc: await showVpcV3(params.project_id, params.vpc_id, context),
    }),
  }),
  defineOperation({
    name: 'UpdateVpcV3',
    huaweiName: 'UpdateVpc',
    summary: "Updates a VPC's name or description (v3)",
    method: 'PUT',
    path: '/v3/:project_id/vpc/vpcs/:vpc_id',
    action: 'vpc:vpcs:update',
    params: VpcParams,
    body: UpdateVpcV3Body,
    errors: vpcV3Style,
    response: { status: 200, schema: VpcV3Answer },
    handler: async ({ params, body, requestId }, context) => {
      const row = await updateVpc(params.project_id, params.vpc_id, body.vpc, context, body.dry_run)
      return { request_id: requestId, vpc: await vpcV3View(context.db, row) }
    },
  }),
  defineOperation({
    name: 'DeleteVpcV3',
    huaweiName: 'DeleteVpc',
    summary: 'Deletes a VPC without subnets (v3); its secondary CIDRs and tags go with it',
    method: 'DELETE',
    path: '/v3/:project_id/vpc/vpcs/:vpc_id',
    action: 'vpc:vpcs:delete',
    params: VpcParams,
    errors: vpcV3Style,
    response: { status: 204 },
    handler: ({ params }, context) => deleteVpc(params.project_id, params.vpc_id, context),
  }),
  extendCidrOperation(
    'AddVpcExtendCidr',
    'add-extend-cidr',
    addExtendCidrs,
    'Adds secondary CIDRs to a VPC: outside the reserved ranges, overlapping none of its CIDRs',
  ),
  extendCidrOperation(
    'RemoveVpcExtendCidr',
    'remove-extend-cidr',
    removeExtendCidrs,
    'Removes secondary CIDRs from a VPC; subnets in them must be deleted first',
  ),
]

/** AddVpcExtendCidr and RemoveVpcExtendCidr: the same request and answer (the VPC after the change). */
function extendCidrOperation(name: string, verb: string, change: typeof addExtendCidrs, summary: string) {
  return defineOperation({
    name,
    summary,
    method: 'PUT',
    path: `/v3/:project_id/vpc/vpcs/:vpc_id/${verb}`,
    action: 'vpc:vpcs:update',
    params: VpcParams,
    body: ExtendCidrsBody,
    errors: vpcV3Style,
    response: { status: 200, schema: VpcV3Answer },
    handler: async ({ params, body, requestId }, context) => {
      await change(params.project_id, params.vpc_id, body.vpc.extend_cidrs, body.dry_run, context)
      return { request_id: requestId, vpc: await vpcV3View(context.db, await getVpc(context.db, params.project_id, params.vpc_id)) }
    },
  })
}
