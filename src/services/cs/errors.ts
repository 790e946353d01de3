import { ApiError, defineErrors, type ErrorStyle } from '../../platform/errors.js'

/**
 * Cloud Stream's error envelope `{error_id, error_name, error_cause, error_suggestion, error_json_opt,
 * error_time}`, mostly with HTTP 400 (even for what other services answer 404), as documented. The
 * `error_code`/`error_msg` pair is added so that the core SDK's HcClient reports the code.
 */
export const csStyle: ErrorStyle = {
  body: (error, requestId) => ({
    error_id: error.code,
    error_name: NAMES[error.code] ?? 'CS_ERROR',
    error_cause: error.message,
    error_suggestion: SUGGESTIONS[error.code] ?? 'Check the request and try again.',
    error_json_opt: '{}',
    error_time: Date.now(),
    error_code: error.code,
    error_msg: error.message,
    request_id: requestId,
  }),
  badRequest: (reason) => (reason.includes('not valid JSON') ? CsError.BadJson() : CsError.InvalidParameter(reason)),
  projectMismatch: () => CsError.ProjectMismatch(),
  internal: () => new ApiError(500, 'CS.10001', 'Internal service error.'),
}

/**
 * Documented codes (CS.10004, CS.10006, CS.20005, CS.22103) as Huawei gives them; the others are
 * linkplane's choice where the documented table was cut off, and are marked so.
 */
export const CsError = defineErrors({
  // linkplane: invalid parameters share the "malformed API call" code.
  InvalidParameter: { status: 400, code: 'CS.10003', message: (reason: string) => `Invalid parameter: ${reason}` },
  BadJson: { status: 400, code: 'CS.10004', message: () => 'The request body is not valid JSON.' },
  ProjectMismatch: { status: 400, code: 'CS.10006', message: () => 'The project id in the URL differs from the project of the token.' },
  ClusterNotFound: {
    status: 400,
    code: 'CS.20005',
    message: (id: string | number) => `The exclusive cluster ${id} does not exist or has been deleted.`,
  },
  // linkplane: a cluster that is still being created cannot be peered or changed.
  ClusterNotReady: { status: 400, code: 'CS.20006', message: (id: number) => `The exclusive cluster ${id} is not running yet.` },
  // linkplane: two clusters of one project cannot share a name.
  ClusterNameExists: { status: 400, code: 'CS.20007', message: (name: string) => `An exclusive cluster named ${name} already exists.` },
  // linkplane: the user's SPU quota would be exceeded.
  QuotaExceeded: { status: 400, code: 'CS.21006', message: (quota: number) => `The SPU quota of the user (${quota}) would be exceeded.` },
  // linkplane: an IAM user of another account, or none.
  UserNotFound: { status: 400, code: 'CS.21007', message: (id: string) => `The user ${id} does not exist.` },
  PeeringNotFound: {
    status: 400,
    code: 'CS.22103',
    message: (id: string) => `The VPC peering connection ${id} does not exist or has been deleted.`,
  },
  // linkplane: routes need an accepted (ACTIVE) peering.
  PeeringNotActive: {
    status: 400,
    code: 'CS.22104',
    message: (status: string) => `The VPC peering connection is ${status}; routes need it ACTIVE.`,
  },
  // linkplane: the peer VPC is not one the tenant named has.
  PeerVpcNotFound: { status: 400, code: 'CS.22105', message: (id: string) => `The VPC ${id} does not exist.` },
  // linkplane: the cluster's VPC is already peered with this VPC.
  PeeringExists: {
    status: 400,
    code: 'CS.22106',
    message: () => 'A VPC peering connection between the cluster and this VPC already exists.',
  },
  // linkplane
  RouteNotFound: { status: 400, code: 'CS.22107', message: (id: string) => `The route ${id} does not exist.` },
  // linkplane
  RouteExists: {
    status: 400,
    code: 'CS.22108',
    message: (destination: string) => `A route to ${destination} already exists on this peering.`,
  },
})

const NAMES: Record<string, string> = {
  'CS.10001': 'INTERNAL_ERROR',
  'CS.10003': 'INVALID_PARAMETER',
  'CS.10004': 'JSON_MALFORMED',
  'CS.10006': 'PROJECT_ID_MISMATCH',
  'CS.20005': 'CLUSTER_NOT_EXIST',
  'CS.20006': 'CLUSTER_NOT_READY',
  'CS.20007': 'CLUSTER_NAME_EXIST',
  'CS.21006': 'USER_QUOTA_EXCEEDED',
  'CS.21007': 'USER_NOT_EXIST',
  'CS.22103': 'PEERING_NOT_EXIST',
  'CS.22104': 'PEERING_NOT_ACTIVE',
  'CS.22105': 'VPC_NOT_EXIST',
  'CS.22106': 'PEERING_EXIST',
  'CS.22107': 'ROUTE_NOT_EXIST',
  'CS.22108': 'ROUTE_EXIST',
}

const SUGGESTIONS: Record<string, string> = {
  'CS.10004': 'Send a body that is valid JSON.',
  'CS.20005': 'Check the cluster id.',
  'CS.22103': 'Check the peering id.',
  'CS.22104': 'Accept the peering with PUT /v2.0/vpc/peerings/{peering_id}/accept on the VPC endpoint first.',
}
