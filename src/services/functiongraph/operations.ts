import { defineOperation, defineService } from '../../platform/operation.js'
import { fgsStyle } from './errors.js'
import { CreatedVpcEndpoint, CreateVpcEndpointBody, EndpointParams, ProjectParams, VpcEndpointList } from './schemas.js'
import { createVpcEndpoint, deleteVpcEndpoint, listVpcEndpoints } from './vpc-endpoints.js'
import { FUNCTIONGRAPH_TABLES } from './tables.js'

/**
 * FunctionGraph v2: VPC endpoints (`/v2/{project_id}/fgs/vpc-endpoint`), the only FunctionGraph resource
 * linkplane implements. Huawei publishes no IAM actions for them; linkplane names them
 * `functiongraph:vpcEndpoint:<verb>`. Huawei limits the API to a few regions; linkplane serves it in any.
 */
export const functiongraphService = defineService({
  name: 'functiongraph',
  title: 'FunctionGraph',
  catalog: { type: 'functiongraph', name: 'functiongraph' },
  tables: FUNCTIONGRAPH_TABLES,
  errors: fgsStyle,
  operations: [
    defineOperation({
      name: 'CreateVpcEndpoint',
      summary: 'Creates the VPC endpoint of a VPC and subnet (or answers the existing one)',
      method: 'POST',
      path: '/v2/:project_id/fgs/vpc-endpoint',
      action: 'functiongraph:vpcEndpoint:create',
      params: ProjectParams,
      body: CreateVpcEndpointBody,
      response: { status: 200, schema: CreatedVpcEndpoint },
      handler: ({ params, body }, context) => createVpcEndpoint(params.project_id, body, context),
    }),
    defineOperation({
      name: 'DeleteVpcEndpoint',
      summary: 'Deletes the VPC endpoint of a VPC and subnet; 204 also when there is none',
      method: 'DELETE',
      path: '/v2/:project_id/fgs/vpc-endpoint/:vpc_id/:subnet_id',
      action: 'functiongraph:vpcEndpoint:delete',
      params: EndpointParams,
      response: { status: 204 },
      handler: ({ params }, context) => deleteVpcEndpoint(params.project_id, params.vpc_id, params.subnet_id, context),
    }),
    defineOperation({
      name: 'ListVpcEndpoints',
      summary: "linkplane extension: lists the project's VPC endpoints (Huawei has no read API)",
      method: 'GET',
      path: '/v2/:project_id/fgs/vpc-endpoint',
      action: 'functiongraph:vpcEndpoint:list',
      params: ProjectParams,
      response: { status: 200, schema: VpcEndpointList },
      handler: async ({ params }, context) => ({ vpc_endpoints: await listVpcEndpoints(params.project_id, context) }),
    }),
  ],
})
