import { defineErrors } from '../../platform/errors.js'
import { iamStyle } from './errors.js'

/**
 * Errors of the users, groups, policies, grants and access-key APIs. The Keystone envelope carries only
 * the HTTP status and message; the IAM.xxxx codes name each case for logs and tests. Codes Huawei's
 * table does not list are marked "linkplane:".
 */
export const IamManagementError = defineErrors(
  {
    UserNotFound: { status: 404, code: 'IAM.0004', message: (id: string) => `Could not find user: ${id}.` },
    GroupNotFound: { status: 404, code: 'IAM.0004', message: (id: string) => `Could not find group: ${id}.` },
    RoleNotFound: { status: 404, code: 'IAM.0004', message: (id: string) => `Could not find role: ${id}.` },
    CredentialNotFound: { status: 404, code: 'IAM.0004', message: (id: string) => `Could not find credential: ${id}.` },
    MembershipNotFound: { status: 404, code: 'IAM.0004', message: () => 'The user is not a member of the group.' },
    GrantNotFound: { status: 404, code: 'IAM.0004', message: () => 'The group has no such permission on this scope.' },
    ProjectNotFound: { status: 404, code: 'IAM.0004', message: (id: string) => `Could not find project: ${id}.` },
    // linkplane: Keystone's 409 sentence, one code for every duplicate name.
    Duplicate: {
      status: 409,
      code: 'IAM.0016',
      message: (what: string) => `Conflict occurred attempting to store ${what} - Duplicate entry.`,
    },
    InvalidInput: { status: 400, code: 'IAM.0011', message: (reason: string) => `The request body is invalid: ${reason}` },
    InvalidPolicy: { status: 400, code: 'IAM.0011', message: (reason: string) => `Invalid policy: ${reason}` },
    WeakPassword: {
      status: 400,
      code: 'IAM.0011',
      message: () =>
        'The password must be 8 to 32 characters, mix at least two of upper case, lower case, digits and symbols, and differ from the user name.',
    },
    WrongOriginalPassword: { status: 401, code: 'IAM.0001', message: () => 'The original password is wrong.' },
    DomainMismatch: {
      status: 403,
      code: 'IAM.0003',
      message: () => 'You are not authorized to perform the requested action: the domain is not yours.',
    },
    AdministratorProtected: {
      status: 403,
      code: 'IAM.0003',
      message: () => 'You are not authorized to perform the requested action: the account administrator cannot be changed this way.',
    },
    // linkplane: Huawei allows two access keys per user; the third is refused.
    AccessKeyLimit: { status: 409, code: 'IAM.0017', message: () => 'A user can have at most 2 access keys.' },
    // linkplane: a policy still granted to a group is not deleted (revoke it first), so no grant points nowhere.
    RoleInUse: { status: 409, code: 'IAM.0018', message: () => 'The policy is still granted to a group; revoke it first.' },
  },
  iamStyle,
)
