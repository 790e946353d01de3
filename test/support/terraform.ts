/**
 * What the Terraform provider (`huaweicloud/terraform-provider-huaweicloud`) does around its HTTP calls, for
 * the replay suites in test/terraform/: the provider's client (golangsdk's ProviderClient, see go-clients.ts),
 * and its waits (terraform-plugin-sdk's `resource.StateChangeConf`). Each replay suite writes out, from the
 * provider's source, the calls one resource makes: create, wait, read, update, import, delete, wait, and the
 * read after delete.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before } from 'node:test'
import { parse as parseHcl } from '@cdktn/hcl2json'
import { ProviderClient, UnexpectedResponseCode, type GoResponse } from './go-clients.js'
import { listeningTestApp, type TestApp } from './app.js'
import { TEST_CREDENTIALS } from './credentials.js'

export { ProviderClient, UnexpectedResponseCode } from './go-clients.js'

/** The provider's client for the bootstrap account (or `credentials`), against a listening linkplane. */
export function providerClient(
  url: string,
  credentials: { accessKey: string; secretKey: string; projectId?: string } = TEST_CREDENTIALS,
): ProviderClient {
  return new ProviderClient(url, credentials)
}

/** What a replay suite runs against: a listening linkplane, and the provider's client for the bootstrap account. */
export interface Replay {
  lp: TestApp & { url: string }
  provider: ProviderClient
}

/**
 * A replay file's setup: before its tests, linkplane and the provider's client, then `prepare`'s fixtures
 * (a network, an instance), set on the object answered; after them, `cleanUp` (through the provider, as
 * Terraform destroys), then linkplane closes, whether `cleanUp` passed or not.
 */
export function replaySuite<T extends object>(
  prepare: (replay: Replay) => Promise<T>,
  cleanUp?: (suite: Replay & T) => Promise<unknown>,
): Replay & T {
  const suite = {} as Replay & T
  before(async () => {
    const lp = await listeningTestApp()
    Object.assign(suite, { lp, provider: providerClient(lp.url) })
    Object.assign(suite, await prepare(suite))
  })
  after(async () => {
    try {
      await cleanUp?.(suite)
    } finally {
      await suite.lp?.close()
    }
  })
  return suite
}

/** `utils.PathSearch(key, object, nil)`: the value, or nil (null) when absent. */
export const at = (object: any, key: string) => object?.[key] ?? null

/** `at` for each key: the attributes a Read copies into the state as they are. */
export function attributesAt<K extends string>(object: any, keys: readonly K[]): Record<K, any> {
  return Object.fromEntries(keys.map((key) => [key, at(object, key)])) as Record<K, any>
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

/**
 * What `terraform plan` compares after a refresh: every attribute the configuration sets, against the state
 * the provider's read wrote (a difference is a planned change, a replacement for ForceNew attributes).
 * `sets` names the TypeSet attributes, compared without order.
 */
export function assertNoDiff(state: object, config: object, sets: string[] = []): void {
  const sortSets = (o: object) =>
    Object.fromEntries(
      Object.entries(o).map(([key, value]) => [key, sets.includes(key) && Array.isArray(value) ? [...value].sort() : value]),
    )
  assert.deepEqual(planDiff(sortSets(config), sortSets(state)), [], 'terraform plan would show a diff')
}

/** A resource's create as its replay writes it out: the provider's create and Read, answering the id and the state. */
export interface Creates<C, S> {
  create(client: ProviderClient, config: C): Promise<{ id: string; state: S }>
}

/** `terraform apply` of a new resource: its create, then a plan that finds nothing to change (see assertNoDiff). */
export async function createWithoutDiff<C extends object, S extends object>(
  resource: Creates<C, S>,
  client: ProviderClient,
  config: C,
  sets: string[] = [],
): Promise<{ id: string; state: S }> {
  const created = await resource.create(client, config)
  assertNoDiff(created.state, config, sets)
  return created
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

/**
 * The README's Terraform examples live in examples/terraform/*.tf (the README includes them verbatim, and
 * test/terraform/readme-examples.test.ts checks it). Replays read their values from there, so the README
 * is checked the way it is used. Parsed with HashiCorp's HCL parser into HCL's JSON form (blocks are lists,
 * references are `${...}` strings).
 */
export const EXAMPLES_DIR = new URL('../../examples/terraform/', import.meta.url)

export async function terraformExample(file: string): Promise<any> {
  return parseHcl(file, readFileSync(new URL(file, EXAMPLES_DIR), 'utf8'))
}

/** The arguments of `resource "<type>" "<name>"` (or a data source with `kind: 'data'`) in an example. */
export function exampleBlock(example: any, type: string, name: string, kind: 'resource' | 'data' = 'resource'): Record<string, any> {
  const block = example[kind]?.[type]?.[name]?.[0]
  assert.ok(block, `the example has no ${kind} "${type}" "${name}"`)
  return block
}

/** The provider as examples/terraform/provider.tf configures it, pointed at a test server. */
export interface ExampleProvider {
  region: string
  /** `project_id` as the block sets it (undefined when it leaves it out). */
  projectId: string | undefined
  authUrl: string
  credentials: { accessKey: string; secretKey: string }
  /** The `endpoints` map, each address moved to the test server (path kept). */
  endpoints: Record<string, string>
  /** The provider's client for the service of an `endpoints` key, in `projectId`'s project. */
  client(catalog: string, projectId?: string): ProviderClient
}

/**
 * Reads the provider block, replacing the README's address (`http://127.0.0.1:8080`) with the test
 * server's and the variables with the test account's keys and project id.
 */
export async function exampleProvider(url: string, credentials = TEST_CREDENTIALS): Promise<ExampleProvider> {
  const block = (await terraformExample('provider.tf')).provider?.huaweicloud?.[0]
  assert.ok(block, 'provider.tf has no provider "huaweicloud" block')
  const variables: Record<string, string> = {
    access_key: credentials.accessKey,
    secret_key: credentials.secretKey,
    project_id: credentials.projectId,
  }
  const value = (text: string | undefined) => text?.replace(/^\$\{var\.(\w+)\}$/, (_, name: string) => variables[name])
  const rebase = (address: string) => new URL(new URL(address).pathname, url).toString()
  const endpoints = Object.fromEntries(
    Object.entries(block.endpoints as Record<string, string>).map(([key, address]) => [key, rebase(address)]),
  )
  const keys = { accessKey: value(block.access_key)!, secretKey: value(block.secret_key)! }
  const projectId = value(block.project_id)
  return {
    region: block.region,
    projectId,
    authUrl: rebase(block.auth_url),
    credentials: keys,
    endpoints,
    client(catalog, project = projectId) {
      assert.ok(endpoints[catalog], `the provider block has no endpoint for ${catalog}`)
      return new ProviderClient(endpoints[catalog], { ...keys, projectId: project })
    },
  }
}

/**
 * The provider's start-up with AK/SK (config.go `LoadAndValidate`, auth.go `buildClientByAKSK`; golangsdk
 * openstack/client.go `v3AKSKAuth` and utils/choose_version.go). An `auth_url` ending in `/v3` needs no
 * version discovery. Without `project_id` the project is found by the region's name
 * (`GET {auth_url}/projects?name=<region>`); then, without `domain_id`, the account is found through the
 * `iam` endpoint (`GET /v3/auth/domains`, its failure only logged). Both calls are signed without
 * X-Project-Id. Answers the project and account ids the provider goes on with.
 */
export async function providerStartUp(provider: ExampleProvider): Promise<{ projectId: string; domainId: string }> {
  assert.ok(provider.authUrl.replace(/\/?$/, '/').endsWith('/v3/'), 'an auth_url ending in /v3 skips version discovery')
  let projectId = provider.projectId
  if (!projectId) {
    const identity = new ProviderClient(provider.authUrl, provider.credentials)
    const projects = await identity.request('GET', `projects?name=${encodeURIComponent(provider.region)}`)
    assert.equal(projects.body.links?.next ?? null, null, 'one page of projects')
    projectId = projects.body.projects[0]?.id
    assert.ok(projectId, `no project named ${provider.region}`)
  }
  const domains = await new ProviderClient(provider.endpoints.iam, provider.credentials).request('GET', 'v3/auth/domains')
  return { projectId: projectId!, domainId: domains.body.domains[0].id }
}
