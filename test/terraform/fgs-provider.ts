/**
 * The FunctionGraph VPC endpoint's body as terraform-provider-huaweicloud builds it (commit a0345b8dcc81,
 * huaweicloud/services/fgs/resource_huaweicloud_fgs_vpc_endpoint.go, `buildFgsVpcEndpointBodyParams`): every
 * key, `utils.ValueIgnoreEmpty` turning an unset flavor or xrole into nil, and no `RemoveNil` afterwards.
 */
export interface VpcEndpointConfig {
  vpc_id: string
  subnet_id: string
  flavor?: string
  xrole?: string
}

export const vpcEndpointBody = (config: VpcEndpointConfig) => ({
  vpc_id: config.vpc_id,
  subnet_id: config.subnet_id,
  flavor: config.flavor || null,
  xrole: config.xrole || null,
})

export const vpcEndpoints = (projectId: string) => `v2/${projectId}/fgs/vpc-endpoint`
