import type { Static, TSchema } from 'typebox'
import type { AppContext } from '../../context.js'
import { defineOperation, type Operation, type OperationInput } from '../../platform/operation.js'
import { vpcV3Style } from './errors.js'
import { addExtendCidrs, removeExtendCidrs } from './extend-cidrs.js'
import { ProjectParams, VpcParams } from './schemas.js'
import { CreateVpcV3Body, ExtendCidrsBody, ListVpcsV3Query, UpdateVpcV3Body, VpcV3, VpcV3Answer, VpcsV3Answer } from './v3-schemas.js'
import { deleteVpc, getVpc, updateVpc } from './vpcs.js'
import { createVpcV3, listVpcsV3, showVpcV3, vpcV3View } from './vpcs-v3.js'

const VPCS = '/v3/:project_id/vpc/vpcs'
const VPC = `${VPCS}/:vpc_id`

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
  vpcOperation({
    name: 'CreateVpcV3',
    huaweiName: 'CreateVpc',
    summary: 'Creates a VPC (v3): PENDING, then ACTIVE; tags and a CIDR mask up to /28',
    method: 'POST',
    path: VPCS,
    action: 'vpc:vpcs:create',
    params: ProjectParams,
    body: CreateVpcV3Body,
    status: 201,
    vpc: ({ params, body }, context) => createVpcV3(params.project_id, body, context),
  }),
  defineOperation({
    name: 'ListVpcsV3',
    huaweiName: 'ListVpcs',
    summary: "Lists the project's VPCs (v3): repeatable id/name/description/cidr filters, marker/limit with page_info",
    method: 'GET',
    path: VPCS,
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
  vpcOperation({
    name: 'ShowVpcV3',
    huaweiName: 'ShowVpc',
    summary: 'Shows a VPC (v3), with its secondary CIDRs, tags and resource counts',
    method: 'GET',
    path: VPC,
    action: 'vpc:vpcs:get',
    params: VpcParams,
    vpc: ({ params }, context) => showVpcV3(params.project_id, params.vpc_id, context),
  }),
  vpcOperation({
    name: 'UpdateVpcV3',
    huaweiName: 'UpdateVpc',
    summary: "Updates a VPC's name or description (v3)",
    method: 'PUT',
    path: VPC,
    action: 'vpc:vpcs:update',
    params: VpcParams,
    body: UpdateVpcV3Body,
    vpc: async ({ params, body }, context) =>
      vpcV3View(context.db, await updateVpc(params.project_id, params.vpc_id, body.vpc, context, body.dry_run)),
  }),
  defineOperation({
    name: 'DeleteVpcV3',
    huaweiName: 'DeleteVpc',
    summary: 'Deletes a VPC without subnets (v3); its secondary CIDRs and tags go with it',
    method: 'DELETE',
    path: VPC,
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

/**
 * A v3 operation that answers with one VPC, `{request_id, vpc}`, in v3's error envelope (200 unless
 * `status` says otherwise): every v3 VPC operation but the list and the delete.
 */
function vpcOperation<P extends TSchema, B extends TSchema>(
  operation: Pick<Operation<P, TSchema, B>, 'name' | 'huaweiName' | 'summary' | 'method' | 'path' | 'action' | 'params' | 'body'> & {
    status?: number
    vpc(input: OperationInput<Static<P>, unknown, Static<B>>, context: AppContext): Promise<Static<typeof VpcV3>>
  },
) {
  const { status = 200, vpc, ...declaration } = operation
  return defineOperation({
    ...declaration,
    errors: vpcV3Style,
    response: { status, schema: VpcV3Answer },
    handler: async (input, context) => ({ request_id: input.requestId, vpc: await vpc(input, context) }),
  })
}

/** AddVpcExtendCidr and RemoveVpcExtendCidr: the same request and answer (the VPC after the change). */
function extendCidrOperation(name: string, verb: string, change: typeof addExtendCidrs, summary: string) {
  return vpcOperation({
    name,
    summary,
    method: 'PUT',
    path: `${VPC}/${verb}`,
    action: 'vpc:vpcs:update',
    params: VpcParams,
    body: ExtendCidrsBody,
    vpc: async ({ params, body }, context) => {
      await change(params.project_id, params.vpc_id, body.vpc.extend_cidrs, body.dry_run, context)
      return vpcV3View(context.db, await getVpc(context.db, params.project_id, params.vpc_id))
    },
  })
}
