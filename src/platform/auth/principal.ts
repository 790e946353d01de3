/** Who is calling: the identity behind a verified signature or token. */
export interface Principal {
  userId: string
  userName: string
  domainId: string
  domainName: string
  /** The project the call acts in: the token's scope, `X-Project-Id`, or the account's project in this region. */
  projectId: string | null
  projectName: string | null
  /** The account's administrator (its first user), allowed everything in its account. */
  isAdmin: boolean
  /** The server's bootstrap administrator, the only caller of the `/_linkplane` admin API. */
  isBootstrap: boolean
  credential: { type: 'aksk'; accessKey: string } | { type: 'token' }
}

/** Where authentication looks credentials up (implemented by the IAM service's identity store). */
export interface CredentialDirectory {
  /** The SK to check the signature with, and who signs with it; null for an unknown or disabled key. */
  accessKey(accessKey: string, projectId: string | undefined): Promise<{ secretKey: string; principal: Principal } | null>
  /** The principal of a valid, unexpired token; a reason string when the token is unusable. */
  token(token: string): Promise<Principal | string>
}
