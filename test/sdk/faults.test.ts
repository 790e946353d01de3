import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { send, signed } from '../support/http-client.js'
import { basicCredentials, functiongraph, functiongraphClient, sdkError, vpc, vpcClient } from '../support/huawei-sdk.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, type ServerProcess } from '../support/server-process.js'

/**
 * Fault rules seen through the official SDKs against a linkplane process: the errors they parse, the one
 * retry the Node SDK makes (a 504 goes to the backup endpoint), late answers and failed lifecycles.
 */
let server: ServerProcess
let client: any
const credentials = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey, projectId: TEST_CREDENTIALS.projectId }

before(async () => {
  server = await startServer({ database: await temporaryDatabase(), env: SERVER_CREDENTIALS })
  client = vpcClient(server.url, credentials)
})
after(() => server.stop())
// Every test starts without rules, whatever the one before left.
afterEach(async () => assert.equal((await admin('DELETE', '/_linkplane/faults')).status, 204))

async function admin(method: string, path: string, body?: unknown) {
  return send(server.url, signed(server.url, credentials, method, path, { body }))
}
async function fault(rule: Record<string, unknown>): Promise<string> {
  const response = await admin('POST', '/_linkplane/faults', rule)
  assert.equal(response.status, 201, JSON.stringify(response.body))
  return response.body.fault.id
}
const hits = async (id: string) => (await admin('GET', `/_linkplane/faults/${id}`)).body.fault.hits
const createVpc = (c: any, name: string, cidr = '10.0.0.0/16') =>
  c.createVpc(
    new vpc.CreateVpcRequest().withBody(new vpc.CreateVpcRequestBody().withVpc(new vpc.CreateVpcOption().withName(name).withCidr(cidr))),
  )

describe('injected errors, as the SDK parses them', () => {
  test('503: a ServerResponseException with the gateway code, message and request id', async () => {
    const id = await fault({ service: 'vpc', operation: 'CreateVpc', count: 1, error: { status: 503 } })
    const error = await sdkError(createVpc(client, 'refused'))
    assert.equal(error.constructor.name, 'ServerResponseException')
    assert.deepEqual([error.httpStatusCode, error.errorCode, error.errorMsg], [503, 'APIGW.0202', 'Backend unavailable'])
    assert.match(error.requestId, /^[0-9a-f]{32}$/)
    assert.equal(await hits(id), 1)
    assert.equal((await createVpc(client, 'accepted')).httpStatusCode, 200, 'the count is used up')
  })

  test("429: a ClientRequestException with the gateway's throttling code", async () => {
    await fault({ service: 'vpc', operation: 'ListVpcs', count: 1, error: { status: 429 } })
    const error = await sdkError(client.listVpcs(new vpc.ListVpcsRequest()))
    assert.equal(error.constructor.name, 'ClientRequestException')
    assert.deepEqual(
      [error.httpStatusCode, error.errorCode, error.errorMsg],
      [429, 'APIGW.0308', 'The throttling threshold has been reached'],
    )
  })

  test("500: the service's own internal error (VPC's Neutron Error)", async () => {
    await fault({ service: 'vpc', operation: 'ListVpcs', count: 1, error: { status: 500 } })
    const error = await sdkError(client.listVpcs(new vpc.ListVpcsRequest()))
    assert.deepEqual([error.httpStatusCode, error.errorCode, error.errorMsg], [500, 'VPC.0105', 'Neutron Error.'])
  })

  test("a code of the rule's own, in FunctionGraph's envelope", async () => {
    await fault({ service: 'functiongraph', count: 1, error: { status: 503, error_code: 'FSS.0503', error_msg: 'Service unavailable' } })
    const fg = functiongraphClient(server.url, credentials)
    const request = new functiongraph.CreateVpcEndpointRequest().withBody(
      new functiongraph.CreateVpcEndpointRequestBody().withVpcId('v').withSubnetId('s').withFlavor('default').withXrole('fgs_vpc_agency'),
    )
    const error = await sdkError(fg.createVpcEndpoint(request))
    assert.deepEqual([error.httpStatusCode, error.errorCode, error.errorMsg], [503, 'FSS.0503', 'Service unavailable'])
  })
})

describe("the SDK's retry", () => {
  test('a 504 is retried once on the backup endpoint, which answers', async () => {
    const vpcId = (await createVpc(client, 'retried', '10.1.0.0/16')).vpc.id
    const id = await fault({ service: 'vpc', operation: 'ShowVpc', count: 1, error: { status: 504 } })
    // Two endpoints, both this server: the SDK moves to the second after a 504 from the first.
    const twoEndpoints = vpc.VpcClient.newBuilder()
      .withCredential(basicCredentials(credentials))
      .withEndpoint([server.url, server.url])
      .build()
    const shown = await twoEndpoints.showVpc(new vpc.ShowVpcRequest().withVpcId(vpcId))
    assert.equal(shown.vpc.id, vpcId)
    assert.equal(await hits(id), 1, 'the first attempt was answered by the rule, the retry was not')
  })

  test('with one endpoint there is no retry: the 504 reaches the caller', async () => {
    const vpcId = (await createVpc(client, 'not-retried', '10.2.0.0/16')).vpc.id
    await fault({ service: 'vpc', operation: 'ShowVpc', count: 1, error: { status: 504 } })
    const error = await sdkError(client.showVpc(new vpc.ShowVpcRequest().withVpcId(vpcId)))
    assert.deepEqual([error.httpStatusCode, error.errorCode, error.errorMsg], [504, 'APIGW.0203', 'Backend timeout'])
  })
})

describe('late answers and failed lifecycles, through the SDK', () => {
  test('a delay makes the answer late, not wrong', async () => {
    await fault({ service: 'vpc', operation: 'ListVpcs', count: 1, delay_ms: 400 })
    const started = Date.now()
    const listed = await client.listVpcs(new vpc.ListVpcsRequest())
    assert.equal(listed.httpStatusCode, 200)
    assert.ok(Date.now() - started >= 400)
  })

  test('a failing transition leaves the VPC in ERROR, as ShowVpc reports it', async () => {
    await fault({ lifecycle: 'fail', transition: 'vpc.vpc-ready', count: 1 })
    const vpcId = (await createVpc(client, 'broken', '10.3.0.0/16')).vpc.id
    const failed = await eventually(
      () => client.showVpc(new vpc.ShowVpcRequest().withVpcId(vpcId)),
      (r: any) => r.vpc.status !== 'CREATING',
    )
    assert.equal(failed.vpc.status, 'ERROR')
  })

  test('a stalled transition keeps the VPC CREATING until the rule goes', async () => {
    const id = await fault({ lifecycle: 'stall', transition: 'vpc.vpc-ready' })
    const vpcId = (await createVpc(client, 'stalled', '10.4.0.0/16')).vpc.id
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal((await client.showVpc(new vpc.ShowVpcRequest().withVpcId(vpcId))).vpc.status, 'CREATING')
    assert.equal((await admin('DELETE', `/_linkplane/faults/${id}`)).status, 204)
    await eventually(
      () => client.showVpc(new vpc.ShowVpcRequest().withVpcId(vpcId)),
      (r: any) => r.vpc.status === 'OK',
    )
  })
})
