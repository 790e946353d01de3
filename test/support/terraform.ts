/**
 * What the Terraform provider (`huaweicloud/terraform-provider-huaweicloud`) does around its HTTP calls, for
 * the replay suites in test/terraform/: the provider's client (golangsdk's ProviderClient, see go-clients.ts),
 * and its waits (terraform-plugin-sdk's `resource.StateChangeConf`). Each replay suite writes out, from the
 * provider's source, the calls one resource makes: create, wait, read, update, import, delete, wait, and the
 * read after delete.
 */
import assert from 'node:assert/strict'
import { ProviderClient, UnexpectedResponseCode, type GoResponse } from './go-clients.js'
import { TEST_CREDENTIALS } from './credentials.js'

export { ProviderClient, UnexpectedResponseCode } from './go-clients.js'

/** The provider's client for the bootstrap account (or `credentials`), against a listening linkplane. */
export function providerClient(
  url: string,
  credentials: { accessKey: string; secretKey: string; projectId?: string } = TEST_CREDENTIALS,
): ProviderClient {
  return new ProviderClient(url, credentials)
}

/** A state refresh: the resource's current body and status, or null when it is gone (the provider's 404). */
export type Refresh = () => Promise<{ body: unknown; state: string } | null>

export interface StateChangeConf {
  /** States to keep waiting through; any state in neither list fails the wait, as in the SDK. */
  pending: string[]
  target: string[]
  refresh: Refresh
  /** How often to refresh (the provider's Delay/MinTimeout/PollInterval; short here, the semantics matter). */
  pollMs?: number
  timeoutMs?: number
}

/**
 * `StateChangeConf.WaitForStateContext`: refresh until the state is in `target`; fail on a state that is in
 * neither list. A refresh that answers null stands for the provider's "not found" result: a target of
 * `['DELETED']` (the provider's convention for delete waits) then succeeds.
 */
export async function waitForState(conf: StateChangeConf): Promise<unknown> {
  const deadline = Date.now() + (conf.timeoutMs ?? 10_000)
  for (;;) {
    const result = await conf.refresh()
    const state = result?.state ?? 'DELETED'
    if (conf.target.includes(state)) return result?.body
    if (!conf.pending.includes(state)) {
      assert.fail(`unexpected state '${state}', wanted target '${conf.target.join(', ')}' (body: ${JSON.stringify(result?.body)})`)
    }
    if (Date.now() > deadline) assert.fail(`timeout while waiting for state to become '${conf.target.join(', ')}' (last state: '${state}')`)
    await new Promise((resolve) => setTimeout(resolve, conf.pollMs ?? 20))
  }
}

/** Runs a provider call that must answer 404 (as `CheckDeletedDiag` expects after a delete). */
export async function expectNotFound(call: Promise<GoResponse>): Promise<GoResponse> {
  const error = await call.then(
    (response) => assert.fail(`expected 404, got ${response.status}: ${JSON.stringify(response.body)}`),
    (e: unknown) => e,
  )
  assert.ok(error instanceof UnexpectedResponseCode, String(error))
  assert.equal(error.status, 404, JSON.stringify(error.response.body))
  return error.response
}

/** The status of a provider call that failed, or null when it succeeded (for the provider's retry decisions). */
export async function statusOf(call: Promise<GoResponse>): Promise<number | null> {
  try {
    await call
    return null
  } catch (error) {
    if (error instanceof UnexpectedResponseCode) return error.status
    throw error
  }
}
