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
  /**
   * When set, a refresh answering null is the SDK's "not found" (`res == nil`) rather than 'DELETED': the wait
   * goes on for up to this many such refreshes in a row, then fails (StateChangeConf's NotFoundChecks, 20 by
   * default). Refresh functions that swallow errors (`return nil, "", nil`) wait this way.
   */
  notFoundChecks?: number
}

/**
 * `StateChangeConf.WaitForStateContext`: refresh until the state is in `target`; fail on a state that is in
 * neither list. A refresh that answers null stands for the provider's "not found" result: a target of
 * `['DELETED']` (the provider's convention for delete waits) then succeeds.
 */
export async function waitForState(conf: StateChangeConf): Promise<unknown> {
  const deadline = Date.now() + (conf.timeoutMs ?? 10_000)
  let notFound = 0
  for (;;) {
    const result = await conf.refresh()
    if (result === null && conf.notFoundChecks !== undefined) {
      if (++notFound > conf.notFoundChecks) assert.fail(`couldn't find resource (${conf.notFoundChecks} retries)`)
      await new Promise((resolve) => setTimeout(resolve, conf.pollMs ?? 20))
      continue
    }
    notFound = 0
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

/**
 * golangsdk's `pagination.ListAllItems(client, "marker", url, nil)`, as the provider's marker-paged data
 * sources call it (pagination/list_all.go, pager.go, marker.go at 83ad1d270e52, identical to the copy the provider vendors at a0345b8dcc81): GET with
 * `Content-Type: application/json;charset=utf8` (OK codes 200, 202, 204, 300), take the body's top-level array
 * (the one key not ending in `links` whose value is an array), stop at an empty one, else GET again with
 * `marker=<id of the last item>` (query re-encoded with sorted keys), at most 1000 pages. Answers the items of
 * every page under that key, as the pager merges them, and the number of requests made.
 */
export async function listAllByMarker(
  client: ProviderClient,
  path: string,
): Promise<{ body: Record<string, unknown[]>; requests: number }> {
  const items: unknown[] = []
  let key = ''
  let url = new URL(path.replace(/^\//, ''), 'http://endpoint/')
  for (let requests = 1; requests <= 1000; requests++) {
    const response = await client.request('GET', `${url.pathname}${url.search}`, {
      moreHeaders: { 'Content-Type': 'application/json;charset=utf8' },
      okCodes: [200, 202, 204, 300],
    })
    assert.match(String(response.headers['content-type']), /^application\/json/, 'the pager parses only JSON answers')
    const arrays = Object.entries(response.body as Record<string, unknown>).filter(([k, v]) => !k.endsWith('links') && Array.isArray(v))
    assert.equal(arrays.length, 1, `one top-level array, not ${arrays.map(([k]) => k).join(', ')}`)
    const [name, page] = arrays[0] as [string, Array<{ id?: unknown }>]
    key = name
    if (page.length === 0) return { body: { [key]: items }, requests }
    items.push(...page)
    const marker = page[page.length - 1].id
    assert.ok(typeof marker === 'string' && marker !== '', "can not find 'id' in item")
    url.searchParams.set('marker', marker)
    url.searchParams.sort()
    url = new URL(url.toString())
  }
  return assert.fail('A timeout occurred (more than 1000 pages)')
}

/**
 * What `terraform plan` finds after a Read: each attribute the configuration sets must equal what the Read
 * put in the state (attributes the configuration leaves out are Computed and may hold anything). Blocks
 * compare attribute by attribute and lists item by item (give Terraform sets to both sides sorted).
 * Answers the differences, as `path: config -> state`.
 */
export function planDiff(config: unknown, state: unknown, path = ''): string[] {
  if (config !== null && typeof config === 'object') {
    if (Array.isArray(config)) {
      if (!Array.isArray(state) || state.length !== config.length) return [`${path}: ${JSON.stringify(config)} -> ${JSON.stringify(state)}`]
      return config.flatMap((item, i) => planDiff(item, state[i], `${path}[${i}]`))
    }
    if (state === null || typeof state !== 'object') return [`${path}: ${JSON.stringify(config)} -> ${JSON.stringify(state)}`]
    return Object.entries(config).flatMap(([key, value]) =>
      planDiff(value, (state as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    )
  }
  return config === state ? [] : [`${path}: ${JSON.stringify(config)} -> ${JSON.stringify(state)}`]
}
