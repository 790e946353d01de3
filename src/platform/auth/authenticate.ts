import { GatewayError } from '../errors.js'
import type { SignatureLockout } from './lockout.js'
import type { CredentialDirectory, Principal } from './principal.js'
import { parseAuthorization, parseSdkDate, payloadProblem, signatureMatches, type RawRequest } from './signature.js'

/** The API gateway rejects an `X-Sdk-Date` further than this from its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

/** Where a request comes from, for the failed-signature lockout (counted per access key and address). */
export interface RequestOrigin {
  address: string
  lockout?: SignatureLockout
}

/**
 * Resolves the caller of a request from its AK/SK signature or its `X-Auth-Token`, or throws the gateway's
 * 401 (`APIGW.0301`). Unknown keys and wrong signatures get the same answer, so keys cannot be probed.
 */
export async function authenticate(
  request: RawRequest,
  directory: CredentialDirectory,
  now: Date,
  origin: RequestOrigin = { address: '' },
): Promise<Principal> {
  const authorization = request.headers.authorization
  if (typeof authorization === 'string' && authorization !== '') {
    return verifySignature(request, authorization, directory, now, origin)
  }
  const token = request.headers['x-auth-token']
  if (typeof token === 'string' && token !== '') {
    const result = await directory.token(token)
    if (typeof result === 'string') throw GatewayError.Unauthorized(result)
    return result
  }
  throw GatewayError.Unauthorized('the request has neither an AK/SK signature nor an X-Auth-Token')
}

/**
 * Checks an AK/SK signature over exactly the headers listed in `SignedHeaders`, as Huawei's gateway does.
 * `x-sdk-date` must be among them; `host` need not be: the Go signers (the Terraform provider's and
 * huaweicloud-sdk-go-v3) never sign it, because Go keeps Host outside the header map.
 */
async function verifySignature(
  request: RawRequest,
  header: string,
  directory: CredentialDirectory,
  now: Date,
  { address, lockout }: RequestOrigin,
): Promise<Principal> {
  const auth = parseAuthorization(header)
  if (!auth) throw GatewayError.Unauthorized('the Authorization header is not an SDK-HMAC-SHA256 or V11-HMAC-SHA256 signature')
  if (!auth.signedHeaders.includes('x-sdk-date')) throw GatewayError.Unauthorized('the signed headers must include x-sdk-date')
  const sdkDate = request.headers['x-sdk-date']
  const date = parseSdkDate(typeof sdkDate === 'string' ? sdkDate : undefined)
  if (!date) throw GatewayError.Unauthorized('the X-Sdk-Date header is missing or not in the form YYYYMMDDTHHMMSSZ')
  if (Math.abs(date.getTime() - now.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw GatewayError.Unauthorized('the X-Sdk-Date differs from the server time by more than 15 minutes')
  }
  if (auth.algorithm === 'V11-HMAC-SHA256' && !auth.scope.startsWith(`${String(sdkDate).slice(0, 8)}/`)) {
    throw GatewayError.Unauthorized('the credential scope date does not match X-Sdk-Date')
  }
  const projectHeader = request.headers['x-project-id']
  const key = await directory.accessKey(auth.accessKey, typeof projectHeader === 'string' ? projectHeader : undefined)
  const lock = key && lockout ? await lockout.check(auth.accessKey, address, now) : undefined
  if (lock?.locked) throw GatewayError.AccessKeyLocked(lockout!.limits.maxFailures, lockout!.limits.lockSeconds)
  const problem = payloadProblem(request)
  if (!key || problem || !signatureMatches(auth, key.secretKey, request, String(sdkDate))) {
    if (key) await lockout?.failed(auth.accessKey, address, now)
    throw GatewayError.Unauthorized(problem ?? 'verify aksk signature fail')
  }
  if (lock?.counting) await lockout?.succeeded(auth.accessKey, address)
  return key.principal
}
