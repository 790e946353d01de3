import { ApiError, defineErrors, gatewayBody, neutronBody, type ErrorStyle } from '../../platform/errors.js'

/**
 * The VPC v1 error envelope is `{"code", "message"}`; the SDKs read only `error_code`/`error_msg`, so
 * both pairs are written (plus `request_id`), as the contracts recommend.
 */
export const vpcStyle: ErrorStyle = {
  body: (error, requestId) => ({
    code: error.code,
    message: error.message,
    error_code: error.code,
    error_msg: error.message,
    request_id: requestId,
  }),
  badRequest: (reason) => VpcError.VpcInvalid(reason),
  projectMismatch: () => VpcError.ProjectMismatch(),
  internal: () => new ApiError(500, 'VPC.0105', 'Neutron Error.'),
  forbidden: (action) => VpcError.PolicyDenied(action),
}

/** VPC v3 (`/v3/{project_id}/vpc/...`) writes `{error_code, error_msg, request_id}`, with the same codes. */
export const vpcV3Style: ErrorStyle = { ...vpcStyle, body: gatewayBody }

/**
 * The batch subnet tag API is Neutron's and its definition declares Neutron's envelope. The `type` names
 * are linkplane's choice, one per HTTP status (Huawei documents none for this API).
 */
const NEUTRON_TYPES: Record<number, string> = {
  400: 'InvalidInput',
  403: 'PolicyNotAuthorized',
  404: 'NetworkNotFound',
  409: 'Conflict',
  500: 'HTTPInternalServerError',
}
export const subnetTagsStyle: ErrorStyle = {
  ...vpcStyle,
  body: (error, requestId) => neutronBody(error, requestId, NEUTRON_TYPES[error.status] ?? 'HTTPBadRequest'),
}

/**
 * Codes and messages as Huawei documents them (VPC API reference, "Error Codes"). Where the documented
 * status is 500 for a refusal the caller caused (a subnet still in use, a VPC still creating), linkplane
 * answers 409: the request was refused, not failed, and a 5xx sends clients into retries. The one code
 * Huawei does not document is marked "linkplane:".
 */
export const VpcError = defineErrors({
  ProjectMismatch: { status: 400, code: 'VPC.0007', message: () => 'urlTenantId is not equal tokenTenantId' },
  PolicyDenied: { status: 403, code: 'VPC.2201', message: (action: string) => `Policy doesn't allow ${action} to be performed.` },
  EnterpriseProjectInvalid: { status: 400, code: 'VPC.0011', message: () => 'EnterpriseProjectId is invalid' },

  VpcNotFound: { status: 404, code: 'VPC.0003', message: () => 'VPC does not exist.' },
  VpcNotActive: { status: 400, code: 'VPC.0004', message: () => 'VPC is not active, please try later.' },
  VpcInvalid: { status: 400, code: 'VPC.0101', message: (reason: string) => `Param is invalid: ${reason}` },
  VpcBusy: { status: 409, code: 'VPC.0103', message: () => 'Rescource status is busy, try it again later.' },
  VpcHasSubnets: { status: 409, code: 'VPC.0104', message: () => 'Router contains subnets, please delete subnet first.' },
  // linkplane: a VPC that is a side of a peering (the peering is deleted first; Huawei's table has no row for it).
  VpcHasPeerings: { status: 409, code: 'VPC.0118', message: () => 'The VPC has VPC peering connections, please delete them first.' },
  VpcNotUpdatable: { status: 409, code: 'VPC.0113', message: () => 'Router status is not active.' },
  VpcNameExists: { status: 400, code: 'VPC.0115', message: () => 'The router name has exist.' },
  VpcCidrExcludesSubnets: { status: 400, code: 'VPC.0117', message: () => 'Cidr can not contain subnetList cidr.' },
  // linkplane: a secondary CIDR that subnets still lie in (Huawei's table has no row for it).
  ExtendCidrInUse: { status: 409, code: 'VPC.0119', message: (cidr: string) => `Subnets lie in ${cidr}, please delete them first.` },
  /**
   * A dry run (`dry_run: true`) that passed every check. Huawei answers 202 with the v3 SDK models'
   * `error_code`/`error_msg`/`request_id`; the code's text is not documented: linkplane's choice.
   */
  DryRunPassed: { status: 202, code: 'DryRunOperation', message: () => 'Request validation has been passed with dry_run flag set.' },

  SubnetInvalid: { status: 400, code: 'VPC.0201', message: (reason: string) => `Param is invalid: ${reason}` },
  SubnetNotFound: { status: 404, code: 'VPC.0202', message: () => 'Query subnet fail.' },
  SubnetOutsideVpc: { status: 400, code: 'VPC.0203', message: () => 'Subnet is not in the range of VPC.' },
  SubnetOverlaps: {
    status: 400,
    code: 'VPC.0204',
    message: () => 'The subnet has already existed in the VPC, or has been in conflict with the VPC subnet.',
  },
  SubnetBusy: { status: 409, code: 'VPC.0205', message: () => 'Subnet states is invalid, please try again later.' },
  SubnetNotInVpc: { status: 400, code: 'VPC.0207', message: () => 'Subnet does not belong to the VPC.' },
  SubnetHasPrivateIps: { status: 409, code: 'VPC.0208', message: () => 'Subnet is used by private IP, can not be deleted.' },
  SubnetHasPorts: { status: 409, code: 'VPC.0209', message: (owner: string) => `subnet is still used ,such as computer,LB. (${owner})` },
  SubnetCidrInvalid: { status: 400, code: 'VPC.0212', message: () => 'The subnet cidr is not valid.' },

  PrivateIpTaken: { status: 409, code: 'VPC.0701', message: () => 'The IP has been used.' },
  PrivateIpListInvalid: { status: 400, code: 'VPC.0702', message: () => 'query privateIps error.' },
  // linkplane: a subnet with no free address left (Huawei's table has no row for it).
  SubnetExhausted: { status: 409, code: 'VPC.0703', message: () => 'No more IP addresses available on the subnet.' },
  PrivateIpNotFound: { status: 404, code: 'VPC.0704', message: () => 'Query resource by id fail.' },
  PrivateIpInvalid: { status: 400, code: 'VPC.0705', message: () => 'IP address is not a valid IP for the specified subnet.' },
  // Malformed private IP requests share the module's 400 code.
  PrivateIpBadRequest: { status: 400, code: 'VPC.0705', message: (reason: string) => `Param is invalid: ${reason}` },
  PrivateIpInUse: { status: 409, code: 'VPC.0707', message: () => 'privateIp is in use.' },
  PrivateIpSubnetNotFound: { status: 404, code: 'VPC.2204', message: () => 'Query resource by id fail.' },

  // Tags: the codes the VPC family documents for its tag APIs (VPC.1801 invalid input, VPC.1814 too many).
  TagInvalid: { status: 400, code: 'VPC.1801', message: (reason: string) => `Invalid input for operation: ${reason}.` },
  TooManyTags: {
    status: 400,
    code: 'VPC.1814',
    message: (id: string, max: number) => `Invalid input for operation: resource_id: ${id}, number of tags exceed max num of ${max}.`,
  },
  // linkplane: deleting a key the resource does not have (the provider tolerates this 404).
  TagNotFound: { status: 404, code: 'VPC.1802', message: (key: string) => `Tag ${key} could not be found.` },
})
