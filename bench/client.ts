/** Signed requests to the servers under test, as the official SDK signs them, and the IAM user the bench acts as. */
import { TEST_CREDENTIALS } from '../test/support/credentials.js'
import { AKSKSigner } from '../test/support/huawei-sdk.js'
import type { Server } from './processes.js'

export const PROJECT = TEST_CREDENTIALS.projectId

export interface Signer {
  accessKey: string
  secretKey: string
}

export const ADMIN: Signer = TEST_CREDENTIALS

export interface SignedRequest {
  method: 'GET' | 'POST' | 'PUT'
  /** Path and query string. */
  path: string
  headers: Record<string, string>
  body?: string
}

/** A request signed by the SDK's signer (valid for 15 minutes, the gateway's clock skew). */
export function signed(
  server: Server,
  method: SignedRequest['method'],
  path: string,
  query: Record<string, string> = {},
  body?: unknown,
  as = ADMIN,
): SignedRequest {
  const host = new URL(server.url).host
  const headers = AKSKSigner.sign(
    {
      method,
      endpoint: `${server.url}${path}`,
      headers: { 'content-type': 'application/json', host, 'x-project-id': PROJECT },
      queryParams: query,
      data: body,
    },
    { getAk: () => as.accessKey, getSk: () => as.secretKey },
  )
  const qs = new URLSearchParams(query).toString()
  return { method, path: qs ? `${path}?${qs}` : path, headers, body: body === undefined ? undefined : JSON.stringify(body) }
}

/** Sends one signed request; answers the status and the parsed body. */
export async function call(
  server: Server,
  method: SignedRequest['method'],
  path: string,
  options: { query?: Record<string, string>; body?: unknown; as?: Signer } = {},
) {
  const request = signed(server, method, path, options.query, options.body, options.as)
  const response = await fetch(`${server.url}${request.path}`, { method, headers: request.headers, body: request.body })
  const text = await response.text()
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined }
}

async function expect(server: Server, status: number, method: SignedRequest['method'], path: string, body?: unknown) {
  const answer = await call(server, method, path, { body })
  if (answer.status !== status) throw new Error(`${method} ${path}: ${answer.status} ${answer.text.slice(0, 300)}`)
  return answer.body
}

/**
 * An IAM user of the bench account, made through the IAM API as an administrator makes one: in a group
 * granted, on the whole account, a custom policy allowing the benchmarked services' actions.
 */
export async function iamUser(server: Server): Promise<Signer> {
  const user = (await expect(server, 201, 'POST', '/v3/users', { user: { name: 'bench-user', password: 'Bench-password-1' } })).user
  const group = (await expect(server, 201, 'POST', '/v3/groups', { group: { name: 'bench-group' } })).group
  await expect(server, 204, 'PUT', `/v3/groups/${group.id}/users/${user.id}`)
  const policy = {
    Version: '1.1',
    Statement: [
      { Effect: 'Allow', Action: ['vpc:*:*', 'esw:*:*', 'eg:*:*'] },
      { Effect: 'Deny', Action: ['vpc:vpcs:delete'] },
    ],
  }
  const role = (
    await expect(server, 201, 'POST', '/v3.0/OS-ROLE/roles', {
      role: { display_name: 'bench-policy', type: 'XA', description: '', policy },
    })
  ).role
  await expect(server, 204, 'PUT', `/v3/domains/${TEST_CREDENTIALS.domainId}/groups/${group.id}/roles/${role.id}`)
  const key = (await expect(server, 201, 'POST', '/v3.0/OS-CREDENTIAL/credentials', { credential: { user_id: user.id } })).credential
  return { accessKey: key.access, secretKey: key.secret }
}
