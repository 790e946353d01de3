import { ApiError, defineErrors, neutronBody, type ErrorStyle } from '../../platform/errors.js'

/**
 * The peering API is Neutron's: `{"NeutronError": {type, message, detail}}`. The SDKs read only
 * top-level `error_code`/`error_msg`, so those are written beside it (with `request_id`).
 * Huawei documents no codes for this API; the `VPC.16xx` codes below are linkplane's choice, one per
 * Neutron error type, so that SDK users can tell the cases apart.
 */
export const peeringStyle: ErrorStyle = {
  body: (error, requestId) => neutronBody(error, requestId, NEUTRON_TYPES[error.code] ?? 'HTTPBadRequest'),
  badRequest: (reason) => PeeringError.InvalidInput(reason),
  projectMismatch: () => PeeringError.InvalidInput("the project is not the caller's"),
  internal: () => new ApiError(500, 'VPC.1600', 'Request Failed: internal server error while processing your request.'),
}

export const PeeringError = defineErrors({
  InvalidInput: { status: 400, code: 'VPC.1601', message: (reason: string) => `Invalid input for operation: ${reason}.` },
  PeeringNotFound: { status: 404, code: 'VPC.1602', message: (id: string) => `Peering ${id} could not be found.` },
  VpcNotFound: { status: 404, code: 'VPC.1603', message: (id: string) => `Router ${id} could not be found.` },
  SameVpc: { status: 400, code: 'VPC.1604', message: () => 'Invalid input for operation: a VPC cannot be peered with itself.' },
  PeeringExists: { status: 409, code: 'VPC.1605', message: () => 'A peering between these two VPCs already exists.' },
  WrongStatus: {
    status: 409,
    code: 'VPC.1606',
    message: (status: string) => `Peering status is ${status}; only a PENDING_ACCEPTANCE peering can be accepted or rejected.`,
  },
  NotAccepter: { status: 403, code: 'VPC.1607', message: () => 'Only the tenant of the accepting VPC may accept or reject this peering.' },
  NoProject: { status: 403, code: 'VPC.1608', message: () => 'The request is not scoped to a project of the caller.' },
  RouteNotFound: { status: 404, code: 'VPC.1609', message: (id: string) => `Route ${id} could not be found.` },
  RouteExists: {
    status: 409,
    code: 'VPC.1610',
    message: (destination: string, vpc: string) => `A route to ${destination} already exists in VPC ${vpc}.`,
  },
  PeeringNotActive: {
    status: 409,
    code: 'VPC.1611',
    message: (id: string, status: string) => `Peering ${id} is ${status}; a route needs an ACTIVE peering.`,
  },
  NotPeeringSide: { status: 400, code: 'VPC.1612', message: (vpc: string, id: string) => `VPC ${vpc} is not a side of peering ${id}.` },
})

const NEUTRON_TYPES: Record<string, string> = {
  'VPC.1600': 'HTTPInternalServerError',
  'VPC.1601': 'InvalidInput',
  'VPC.1602': 'PeeringNotFound',
  'VPC.1603': 'RouterNotFound',
  'VPC.1604': 'InvalidInput',
  'VPC.1605': 'PeeringExists',
  'VPC.1606': 'PeeringStatusInvalid',
  'VPC.1607': 'PolicyNotAuthorized',
  'VPC.1608': 'PolicyNotAuthorized',
  'VPC.1609': 'RouteNotFound',
  'VPC.1610': 'RouteExists',
  'VPC.1611': 'PeeringStatusInvalid',
  'VPC.1612': 'InvalidInput',
}
