import { ApiError, defineErrors, gatewayStyle, type ErrorStyle } from '../../platform/errors.js'

/** ESW's envelope: `{"error_msg", "error_code": "l2cg.NNNN", "request_id"}`. */
export const eswStyle: ErrorStyle = {
  body: (error, requestId) => ({ error_msg: error.message, error_code: error.code, request_id: requestId }),
  badRequest: (reason) => EswError.InvalidRequest(reason),
  // Huawei documents no ESW code for it; the API gateway's own answer (401 APIGW.0301) is what the newer
  // services give for a project that is not the caller's.
  projectMismatch: (urlProjectId) => gatewayStyle.projectMismatch(urlProjectId),
  internal: () => new ApiError(500, 'l2cg.9999', 'Internal server error.'),
}

/**
 * The ESW error catalogue. Codes and messages without a comment are Huawei's (API reference, "Error
 * Codes"); the ones marked "linkplane:" are not documented and were chosen here, in the same family.
 */
export const EswError = defineErrors({
  // linkplane: every request that fails schema or format validation (names, descriptions, IPs, counts, ranges).
  InvalidRequest: { status: 400, code: 'l2cg.9900', message: (reason: string) => `Invalid request: ${reason}` },

  InstanceNotFound: { status: 404, code: 'l2cg.9923', message: (id: string) => `instance ${id} could not be found.` },
  InstanceNotActive: { status: 409, code: 'l2cg.9920', message: (id: string) => `The status of the instance ${id} is not active.` },
  InstanceBusy: { status: 409, code: 'l2cg.9921', message: (id: string) => `The instance ${id} is being built or is being deleted.` },
  InstanceHasConnections: {
    status: 409,
    code: 'l2cg.9907',
    message: () => 'The instance contains some layer 2 connections, can not be deleted.',
  },
  FlavorNotFound: { status: 400, code: 'l2cg.9941', message: (flavor: string) => `flavor could not be found: ${flavor}` },
  TunnelIpUnavailable: { status: 400, code: 'l2cg.9901', message: (ip: string) => `The instance tunnel ip: ${ip} is not available.` },
  TunnelSubnetInUse: {
    status: 409,
    code: 'l2cg.9922',
    message: (subnet: string, connections: string) =>
      `This tunnel subnet: ${subnet} is already used by Layer 2 connection objects: ${connections}`,
  },
  // linkplane: more instances than the project's quota (ListQuotas).
  InstanceQuotaExceeded: {
    status: 409,
    code: 'l2cg.9942',
    message: (quota: number) => `The instance quota of the project is exceeded: ${quota}`,
  },

  ConnectionNotFound: {
    status: 404,
    code: 'l2cg.9904',
    message: (connection: string, instance: string) => `connection ${connection} in instance ${instance} could not be found.`,
  },
  // linkplane: the bind/unbind paths name no instance; same code, the message without it.
  ConnectionIdNotFound: { status: 404, code: 'l2cg.9904', message: (connection: string) => `connection ${connection} could not be found.` },
  ConnectionPending: {
    status: 409,
    code: 'l2cg.9930',
    message: (id: string) => `The connection ${id} is being built and is not allowed to delete.`,
  },
  // Huawei's message, from the format example only; its status is undocumented, 409 chosen.
  TunnelRepeated: {
    status: 409,
    code: 'l2cg.9935',
    message: () => "The tunnel number and the remote tunnel IP between the instance's Layer 2 connection are the same",
  },
  // linkplane: the VNI is already used by another connection of the instance (with another remote tunnel IP).
  SegmentInUse: {
    status: 409,
    code: 'l2cg.9936',
    message: (vni: number, connection: string) =>
      `The tunnel number ${vni} is already used by Layer 2 connection ${connection} of the instance.`,
  },
  // linkplane: a subnet stretched by another connection, or an instance's tunnel subnet (same code as its mirror case).
  SubnetInUse: {
    status: 409,
    code: 'l2cg.9922',
    message: (subnet: string, user: string) => `This subnet: ${subnet} is already used by ${user}`,
  },
  // linkplane: the instance's flavor allows no more connections.
  ConnectionLimitReached: {
    status: 409,
    code: 'l2cg.9931',
    message: (instance: string, limit: number) =>
      `The instance ${instance} already has the ${limit} layer 2 connections its flavor allows.`,
  },
  // linkplane: a fixed IP that is taken, outside the subnet, or reserved; or no two free addresses left.
  FixedIpUnavailable: { status: 400, code: 'l2cg.9903', message: (ip: string) => `The connection fixed ip: ${ip} is not available.` },

  // linkplane: the VPC or subnet a request names does not exist in the project, or is not ready.
  VpcNotFound: { status: 400, code: 'l2cg.9924', message: (id: string) => `vpc ${id} could not be found.` },
  SubnetNotFound: {
    status: 400,
    code: 'l2cg.9925',
    message: (subnet: string, vpc: string) => `subnet ${subnet} in vpc ${vpc} could not be found.`,
  },
  SubnetNotActive: { status: 409, code: 'l2cg.9926', message: (id: string) => `The subnet ${id} is not active.` },

  // linkplane: vport binding.
  VportNotFound: { status: 404, code: 'l2cg.9950', message: (id: string) => `vport ${id} could not be found.` },
  VportOutsideSubnet: {
    status: 400,
    code: 'l2cg.9951',
    message: (port: string, connection: string) => `vport ${port} is not in the subnet of connection ${connection}.`,
  },
  VportBound: {
    status: 409,
    code: 'l2cg.9952',
    message: (port: string, connection: string) => `vport ${port} is already bound to connection ${connection}.`,
  },
  VportNotBound: {
    status: 409,
    code: 'l2cg.9953',
    message: (port: string, connection: string) => `vport ${port} is not bound to connection ${connection}.`,
  },
})
