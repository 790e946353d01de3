import assert from 'node:assert/strict'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { build } from 'vite'
import { buildApp, type Linkplane } from '../../src/app.js'
import { VPC_READY } from '../../src/services/vpc/transitions.js'
import { TEST_CREDENTIALS, TestApp, testConfig, type Signer } from '../support/app.js'
import { CHROMIUM_MISSING, launchBrowser, screenshot, type Browser } from '../support/browser.js'
import { send, signed } from '../support/http-client.js'
import { vpc } from '../support/huawei-sdk.js'
import { createUserWithPolicies, USER_PASSWORD } from '../support/iam-users.js'
import { createTenant } from '../support/tenants.js'
import { admin, advance, buildScene, Sdk, type Scene } from './scene.js'

/**
 * The web console in Debian's Chromium, against a linkplane server in `manual` lifecycle mode: signing
 * in with IAM, resources made through the official SDK appearing in every service's table, statuses
 * moving on screen without a reload, detail views and their actions, the topology, and a user whose IAM
 * policies allow less. The tests run in order and share one page; screenshots go to test-artifacts/console.
 */
const CONSOLE_SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '../../console')
const WAIT = { timeout: 15_000 }

let linkplane: Linkplane
let lp: TestApp
let url: string
let browser: Browser
let page: Page
let sdk: Sdk
let scene: Scene
let partner: Signer & { projectId: string }
const requested: string[] = []
/** Uncaught exceptions in the page, and what the browser refused under the Content-Security-Policy. */
const pageProblems: string[] = []

before(async () => {
  if (CHROMIUM_MISSING) return
  // The console under test is the one in the sources: built now, into the folder the server serves.
  await build({ root: CONSOLE_SOURCE, logLevel: 'warn' })
  linkplane = await buildApp(testConfig({ lifecycle: { mode: 'manual', scale: 1 } }))
  lp = new TestApp(linkplane)
  await linkplane.app.listen({ host: '127.0.0.1', port: 0 })
  const address = linkplane.app.server.address() as { port: number }
  url = `http://127.0.0.1:${address.port}`
  sdk = new Sdk(url, admin)
  partner = (await createTenant(lp, 'partner')).signer as Signer & { projectId: string }
  browser = await launchBrowser()
  page = await browser.context.newPage()
  page.on('request', (request) => requested.push(request.url()))
  page.on('pageerror', (error) => pageProblems.push(error.message))
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) pageProblems.push(message.text())
  })
})

after(async () => {
  await browser?.close()
  await linkplane?.app.close()
})

/** A request signed as the bootstrap administrator, outside the browser. */
async function api(method: string, path: string): Promise<any> {
  const response = await send(url, signed(url, admin, method, path))
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`)
  return response.body
}

const row = (key: string) => page.locator(`tr[data-key="${key}"]`)
const statusIn = (key: string) => row(key).locator('.status')

/** Opens a page of the console afresh (a new load, so nothing on screen is left from the page before). */
async function open(hash: string) {
  await page.goto('about:blank')
  await page.goto(`${url}/_linkplane/console/${hash}`)
}

async function signIn(user: string, password: string, account = '') {
  await page.fill('input[name=user]', user)
  await page.fill('input[name=password]', password)
  await page.fill('input[name=account]', account)
  await page.click('button[type=submit]')
}

/** The statuses the table shows, by row name. */
async function tableStatuses(): Promise<Record<string, string>> {
  const rows = await page.locator('table.resources tbody tr').all()
  const entries = await Promise.all(
    rows.map(async (r) => [await r.locator('td').first().innerText(), (await r.locator('.status').allInnerTexts())[0] ?? ''] as const),
  )
  return Object.fromEntries(entries)
}

describe('web console in Chromium', { skip: CHROMIUM_MISSING }, () => {
  test("/ leads to the console, which needs no credentials to load; a wrong password is refused with IAM's message", async () => {
    const response = await page.goto(`${url}/`)
    assert.equal(response?.status(), 200)
    assert.equal(new URL(page.url()).pathname, '/_linkplane/console/')
    await page.locator('form .brand').waitFor(WAIT)
    assert.match(await page.locator('form').innerText(), /cn-north-4/)
    await screenshot(page, '01-sign-in')

    await signIn(TEST_CREDENTIALS.user, 'not-the-password')
    assert.match(await page.locator('form [role=alert]').innerText(), /The username or password is wrong/)
    await signIn(TEST_CREDENTIALS.user, TEST_CREDENTIALS.password)
    await page.locator(`.who[data-user="${TEST_CREDENTIALS.user}"]`).waitFor(WAIT)
    assert.match(await page.locator('.top').innerText(), new RegExp(TEST_CREDENTIALS.projectId.slice(0, 8)))
  })

  test('a VPC made with the SDK appears, and its status moves from CREATING to OK without a reload', async () => {
    await open('#/r/vpcs')
    await page.locator('.page-head .live .pulse').waitFor(WAIT)
    await page.evaluate(() => ((globalThis as any).notReloaded = true))
    const scratch = await sdk.createVpc('scratch', '10.50.0.0/16')
    await statusIn(scratch.id).filter({ hasText: 'CREATING' }).waitFor(WAIT)
    assert.equal(await row(scratch.id).locator('td').nth(2).innerText(), '10.50.0.0/16')
    await screenshot(page, '02-vpc-creating')

    assert.deepEqual(await advance(url), [{ kind: VPC_READY, resource_id: scratch.id }])
    await statusIn(scratch.id).filter({ hasText: /^OK$/ }).waitFor(WAIT)
    assert.equal(await page.evaluate(() => (globalThis as any).notReloaded), true)
    await screenshot(page, '03-vpc-ok')
  })

  test("every service's table lists what the SDK made, with its status", async () => {
    scene = await buildScene(url, partner)
    const expected: Record<string, Record<string, string>> = {
      vpcs: { scratch: 'OK', core: 'OK', edge: 'OK' },
      subnets: { 'core-tunnel': 'ACTIVE', apps: 'ACTIVE', data: 'ACTIVE', 'edge-tunnel': 'ACTIVE', 'edge-l2': 'ACTIVE' },
      'vpc-peerings': { 'core-edge': 'ACTIVE', 'to-partner': 'PENDING_ACCEPTANCE', 'stream-core': 'PENDING_ACCEPTANCE' },
      'esw-instances': { 'esw-core': 'active', 'esw-edge': 'active' },
      'esw-connections': { 'core-apps': 'connected', 'edge-l2': 'connected', 'core-data': 'disconnect' },
      'eg-connections': { events: 'CREATED' },
      'cs-clusters': { stream: 'cluster_running' },
      'cs-peerings': { 'stream-core': 'PENDING_ACCEPTANCE' },
    }
    for (const [kind, statuses] of Object.entries(expected)) {
      await open(`#/r/${kind}`)
      await page.locator('table.resources').waitFor(WAIT)
      assert.deepEqual(await tableStatuses(), statuses, kind)
      await screenshot(page, `04-table-${kind}`)
    }

    // Names stand in for the ids of what a row points at.
    await open('#/r/esw-connections')
    await row(scene.connections.coreData.id).waitFor(WAIT)
    assert.deepEqual(await row(scene.connections.coreData.id).locator('td').allInnerTexts(), [
      'core-data',
      'disconnect',
      'esw-core',
      'data',
      '192.168.111.111 VNI 7127',
      scene.connections.coreData.fixed_ips.join(', '),
    ])

    // FunctionGraph reports no status; its endpoint is listed by address.
    await open('#/r/fg-vpc-endpoints')
    const endpoints = (await api('GET', `/v2/${admin.projectId}/fgs/vpc-endpoint`)).vpc_endpoints
    await page.locator('table.resources').waitFor(WAIT)
    assert.deepEqual(await page.locator('table.resources tbody td:first-child').allInnerTexts(), [endpoints[0].address])

    // Private IPs are listed per subnet by the API; the table gathers them all.
    await open('#/r/private-ips')
    await page.locator('table.resources').waitFor(WAIT)
    const apps = (await api('GET', `/v1/${admin.projectId}/subnets/${scene.subnets.apps.id}/privateips`)).privateips
    for (const ip of apps) assert.equal(await row(ip.id).locator('td').first().innerText(), ip.ip_address)
    await screenshot(page, '04-table-private-ips')
  })

  test("a detail view shows the API's JSON as returned; its actions accept a peering and delete resources", async () => {
    await open(`#/r/vpcs/${scene.core.id}`)
    const shown = JSON.parse(await page.locator('[data-json]').innerText())
    assert.deepEqual(shown, await api('GET', `/v1/${admin.projectId}/vpcs/${scene.core.id}`))
    assert.equal(await page.locator('.source').innerText(), `GET /v1/${admin.projectId}/vpcs/${scene.core.id} → 200`)

    // The Cloud Stream cluster's peering waits for the VPC's owner: accepted here, it becomes ACTIVE.
    await open(`#/r/vpc-peerings/${scene.streamPeering.id}`)
    await page.locator('.page-head .status', { hasText: 'PENDING_ACCEPTANCE' }).waitFor(WAIT)
    await screenshot(page, '05-peering-pending')
    await page.click('button:has-text("Accept")')
    await page.locator('[data-outcome=done]').waitFor(WAIT)
    assert.equal(
      await page.locator('[data-outcome=done]').innerText(),
      `PUT /v2.0/vpc/peerings/${scene.streamPeering.id}/accept answered 200.`,
    )
    await page.locator('.page-head .status', { hasText: 'ACTIVE' }).waitFor(WAIT)
    assert.equal((await api('GET', `/v2.0/vpc/peerings/${scene.streamPeering.id}`)).peering.status, 'ACTIVE')

    // A private IP reserved with the SDK, deleted from its page (a second click confirms).
    const option = new vpc.CreatePrivateipOption().withSubnetId(scene.subnets.apps.id).withIpAddress('10.1.1.50')
    const [reserved] = (
      await sdk.vpcs.createPrivateip(
        new vpc.CreatePrivateipRequest().withBody(new vpc.CreatePrivateipRequestBody().withPrivateips([option])),
      )
    ).privateips
    await open(`#/r/private-ips/${reserved.id}`)
    await page.locator('.page-head h2', { hasText: '10.1.1.50' }).waitFor(WAIT)
    await page.click('button:has-text("Delete")')
    await screenshot(page, '06-delete-confirm')
    await page.click('button:has-text("Yes, delete")')
    await page.locator('[data-gone]').waitFor(WAIT)
    const left = await send(url, signed(url, admin, 'GET', `/v1/${admin.projectId}/privateips/${reserved.id}`))
    assert.equal(left.status, 404)

    // A refusal is the API's own answer: a VPC with subnets cannot be deleted.
    await open(`#/r/vpcs/${scene.edge.id}`)
    await page.click('button:has-text("Delete")')
    await page.click('button:has-text("Yes, delete")')
    const refusal = page.locator('.actions [data-problem=api]')
    await refusal.waitFor(WAIT)
    assert.match(await refusal.innerText(), /The API answered 409/)
    assert.match(await refusal.innerText(), /VPC\.0/)
    await screenshot(page, '07-delete-refused')

    // FunctionGraph has no read of one endpoint: the page shows the item as listed.
    const [endpoint] = (await api('GET', `/v2/${admin.projectId}/fgs/vpc-endpoint`)).vpc_endpoints
    await open(`#/r/fg-vpc-endpoints/${encodeURIComponent(`${endpoint.vpc_id}/${endpoint.subnet_id}`)}`)
    assert.deepEqual(JSON.parse(await page.locator('[data-json]').innerText()), endpoint)
    assert.match(await page.locator('.source').innerText(), /has no operation that reads one/)
  })

  test('the topology draws the project from the API and follows its statuses live', async () => {
    await open('#/topology')
    const node = (id: string) => page.locator(`[data-node="${id}"]`)
    const edge = (id: string) => page.locator(`[data-edge="${id}"]`)
    await node(`vpc:${scene.core.id}`).waitFor(WAIT)
    await page.evaluate(() => ((globalThis as any).notReloaded = true))

    const statusOf = async (locator: ReturnType<typeof node>) => [
      await locator.getAttribute('data-status'),
      await locator.getAttribute('class'),
    ]
    assert.deepEqual(await statusOf(node(`vpc:${scene.core.id}`)), ['OK', 'node node-vpc tone-ok'])
    for (const subnet of Object.values(scene.subnets)) assert.equal(await node(`subnet:${subnet.id}`).getAttribute('data-status'), 'ACTIVE')
    assert.deepEqual(await statusOf(node(`instance:${scene.eswCore.id}`)), ['active', 'node node-instance tone-ok'])
    assert.deepEqual(await statusOf(node(`connection:${scene.connections.coreData.id}`)), [
      'disconnect',
      'node node-connection tone-waiting',
    ])
    assert.deepEqual(await statusOf(node(`eg:${scene.eventGrid.id}`)), ['CREATED', 'node node-eg tone-ok'])
    assert.equal(await node(`fg:${scene.core.id}/${scene.subnets.apps.id}`).count(), 1)
    assert.deepEqual(await statusOf(node(`cluster:${scene.clusterId}`)), ['cluster_running', 'node node-cluster tone-ok'])
    // The partner's VPC cannot be read, only named by the peering; the remote tunnel by the connection.
    assert.equal(await node(`external-vpc:${scene.partnerVpc.id}`).count(), 1)
    assert.equal(await node('remote:192.168.111.111').count(), 1)

    // Layer-2 connections to their subnets, tunnels between the two instances and out to the remote end,
    // each instance's VTEP in its tunnel subnet, and the peerings.
    // The two ends of the tunnel between the instances are joined by one line, drawn from the first id.
    const [near, far] = [
      { id: scene.connections.coreApps.id, remote: scene.eswEdge.tunnel_info.tunnel_ip },
      { id: scene.connections.edgeL2.id, remote: scene.eswCore.tunnel_info.tunnel_ip },
    ].sort((a, b) => (a.id < b.id ? -1 : 1))
    assert.deepEqual(await statusOf(edge(`tunnel:${near.id}:${near.remote}`)), ['connected', 'edge edge-tunnel tone-ok'])
    assert.equal(await edge(`tunnel:${far.id}:${far.remote}`).count(), 0)
    assert.deepEqual(await statusOf(edge(`tunnel:${scene.connections.coreData.id}:192.168.111.111`)), [
      'disconnect',
      'edge edge-tunnel tone-waiting',
    ])
    for (const connection of Object.values(scene.connections)) assert.equal(await edge(`l2:${connection.id}`).count(), 1)
    for (const instance of [scene.eswCore, scene.eswEdge]) assert.equal(await edge(`vtep:${instance.id}`).count(), 1)
    assert.deepEqual(await statusOf(edge(`peering:${scene.peerings.coreEdge.id}`)), ['ACTIVE', 'edge edge-peering tone-ok'])
    assert.deepEqual(await statusOf(edge(`peering:${scene.peerings.toPartner.id}`)), [
      'PENDING_ACCEPTANCE',
      'edge edge-peering tone-waiting',
    ])
    assert.deepEqual(await statusOf(edge(`peering:${scene.streamPeering.id}`)), ['ACTIVE', 'edge edge-peering tone-ok'])
    // Every tone has its entry in the legend.
    assert.deepEqual(await page.locator('.legend [data-tone]').evaluateAll((items) => items.map((i) => i.getAttribute('data-tone'))), [
      'ok',
      'progress',
      'waiting',
      'failed',
      'ended',
    ])
    await screenshot(page, '08-topology')

    // A new VPC appears in progress; one advance later it is ready, and the partner's unanswered peering
    // request has expired (manual advances expire them): colours change without a reload.
    const late = await sdk.createVpc('late', '10.60.0.0/16')
    await page.locator(`[data-node="vpc:${late.id}"][data-status="CREATING"].tone-progress`).waitFor(WAIT)
    await screenshot(page, '09-topology-creating')
    await advance(url)
    await page.locator(`[data-node="vpc:${late.id}"][data-status="OK"].tone-ok`).waitFor(WAIT)
    await page.locator(`[data-edge="peering:${scene.peerings.toPartner.id}"][data-status="EXPIRED"].tone-ended`).waitFor(WAIT)
    assert.equal(await page.evaluate(() => (globalThis as any).notReloaded), true)
    await screenshot(page, '10-topology-advanced')

    // Each box leads to its resource.
    await node(`instance:${scene.eswEdge.id}`).locator('a').click()
    await page.locator(`section.detail[data-key="${scene.eswEdge.id}"] [data-json]`).waitFor(WAIT)
    assert.equal(JSON.parse(await page.locator('[data-json]').innerText()).instance.name, 'esw-edge')
  })

  test('a user whose IAM policies allow only VPC reads sees VPCs, and denials as denials', async () => {
    const viewer = await createUserWithPolicies(lp, 'viewer', [
      { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:*:get', 'vpc:*:list'] }] },
    ])
    await page.click('button:has-text("Sign out")')
    await signIn('viewer', USER_PASSWORD, TEST_CREDENTIALS.user)
    await page.locator('.who[data-user=viewer]').waitFor(WAIT)
    assert.match(await page.locator('.who').innerText(), new RegExp(`viewer\\s*@ ${TEST_CREDENTIALS.user}`))

    await open('#/r/vpcs')
    await page.locator('table.resources').waitFor(WAIT)
    assert.deepEqual(Object.keys(await tableStatuses()).sort(), ['core', 'edge', 'late', 'scratch'])

    await open('#/r/esw-instances')
    const denied = page.locator('[data-problem=denied]')
    await denied.waitFor(WAIT)
    assert.match(await denied.innerText(), /Access denied\./)
    assert.match(await denied.innerText(), /esw:instance:list/)
    assert.equal(await page.locator('table.resources').count(), 0)
    // Still asked again: a policy granted meanwhile would show the instances without a reload.
    assert.match(await page.locator('.page-head .live').innerText(), /^Live · checked /)
    await screenshot(page, '11-denied-esw')

    // Acting is refused as well, and said to be a denial (VPC's own 403 VPC.2201).
    await open(`#/r/vpcs/${scene.core.id}`)
    await page.click('button:has-text("Delete")')
    await page.click('button:has-text("Yes, delete")')
    const refused = page.locator('.actions [data-problem=denied]')
    await refused.waitFor(WAIT)
    assert.match(await refused.innerText(), /vpc:vpcs:delete/)
    assert.match(await refused.innerText(), /VPC\.2201/)

    // The topology draws what the user may read and names what it may not.
    await open('#/topology')
    await page.locator(`[data-node="vpc:${scene.core.id}"]`).waitFor(WAIT)
    const notDrawn = page.locator('.topology [data-problem=denied] li')
    assert.deepEqual(await notDrawn.evaluateAll((items) => items.map((i) => i.getAttribute('data-denied'))), [
      'esw-instances',
      'esw-connections',
      'eg-connections',
      'fg-vpc-endpoints',
      'cs-clusters',
      'cs-peerings',
    ])
    assert.match(await notDrawn.first().innerText(), /^ESW instances: .*Policy doesn't allow esw:instance:list to be performed\.$/)
    assert.equal(await page.locator('[data-node^="instance:"]').count(), 0)
    await screenshot(page, '12-denied-topology')

    // Deleting the user ends its tokens: the console goes back to the sign-in, saying why.
    await api('DELETE', `/v3/users/${viewer.id}`)
    await page.locator('form .notice', { hasText: 'Your session has ended' }).waitFor(WAIT)
    await screenshot(page, '13-session-ended')
  })

  test('the console loads nothing from anywhere but the linkplane server, and runs without errors under its CSP', () => {
    assert.ok(requested.length > 0)
    assert.deepEqual(
      requested.filter((address) => new URL(address).origin !== url && address !== 'about:blank'),
      [],
    )
    assert.deepEqual(pageProblems, [])
  })
})
