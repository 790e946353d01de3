import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { functiongraph, functiongraphClient, sdkError, vpc, vpcClient } from '../support/huawei-sdk.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, type ServerProcess } from '../support/server-process.js'
import { readySdkNetwork } from '../support/vpc.js'

/** The official `@huaweicloud/huaweicloud-sdk-functiongraph` client against a linkplane process. */
let server: ServerProcess
let client: any
let vpcs: any
let vpcId: string
let subnetId: string
const credentials = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey, projectId: TEST_CREDENTIALS.projectId }
const wire = ({ httpStatusCode: _s, ...body }: Record<string, unknown>) => body
const UNKNOWN = '00000000-0000-0000-0000-000000000000'

before(async () => {
  server = await startServer({ database: await temporaryDatabase(), env: SERVER_CREDENTIALS })
  client = functiongraphClient(server.url, credentials)
  vpcs = vpcClient(server.url, credentials)
  ;({ vpcId, subnetId } = await readySdkNetwork(vpcs, 'fgs-sdk', 9))
})
after(() => server.stop())

const createRequest = (vpc: string, subnet: string) =>
  new functiongraph.CreateVpcEndpointRequest().withBody(
    new functiongraph.CreateVpcEndpointRequestBody().withVpcId(vpc).withSubnetId(subnet).withFlavor('default').withXrole('fgs_vpc_agency'),
  )
const deleteRequest = (vpc: string, subnet: string) => new functiongraph.DeleteVpcEndpointRequest().withVpcId(vpc).withSubnetId(subnet)

async function endpointAddresses() {
  const ips = await vpcs.listPrivateips(new vpc.ListPrivateipsRequest().withSubnetId(subnetId))
  return ips.privateips
    .filter((p: { device_owner: string }) => p.device_owner === 'functiongraph:vpc_endpoint')
    .map((p: { ip_address: string }) => p.ip_address)
}

describe('VPC endpoints through FunctionGraphClient', () => {
  test('createVpcEndpoint answers {endpoints, address}; again, the same endpoint; deleteVpcEndpoint returns the addresses', async () => {
    const created = await client.createVpcEndpoint(createRequest(vpcId, subnetId))
    assert.equal(created.httpStatusCode, 200)
    assert.deepEqual(Object.keys(wire(created)).sort(), ['address', 'endpoints'])
    assert.equal(created.endpoints.length, 2)
    assert.match(created.address, /^https:\/\/[0-9a-f]{16}\.fgs-vpc-endpoint\./)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('FunctionGraph', 'CreateVpcEndpoint', 200, wire(created)), [])
    assert.deepEqual([...(await endpointAddresses())].sort(), [...created.endpoints].sort())

    const again = await client.createVpcEndpoint(createRequest(vpcId, subnetId))
    assert.deepEqual(wire(again), wire(created))

    const deleted = await client.deleteVpcEndpoint(deleteRequest(vpcId, subnetId))
    assert.equal(deleted.httpStatusCode, 204)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('FunctionGraph', 'DeleteVpcEndpoint', 204, undefined), [])
    assert.deepEqual(await endpointAddresses(), [])
    // Deleting what does not exist (any more) succeeds too.
    assert.equal((await client.deleteVpcEndpoint(deleteRequest(vpcId, subnetId))).httpStatusCode, 204)
    assert.equal((await client.deleteVpcEndpoint(deleteRequest(UNKNOWN, UNKNOWN))).httpStatusCode, 204)
  })

  test("errors reach the SDK in FunctionGraph's codes", async () => {
    for (const [vpc, subnet] of [
      [UNKNOWN, subnetId],
      [vpcId, UNKNOWN],
    ]) {
      const error = await sdkError(client.createVpcEndpoint(createRequest(vpc, subnet)))
      assert.deepEqual([error.httpStatusCode, error.errorCode], [404, 'FSS.0404'])
      assert.match(error.errorMsg, /not found/)
    }
    const other = functiongraphClient(server.url, { ...credentials, projectId: 'ffffffffffffffffffffffffffffffff' })
    const forbidden = await sdkError(other.createVpcEndpoint(createRequest(vpcId, subnetId)))
    assert.deepEqual([forbidden.httpStatusCode, forbidden.errorCode], [403, 'FSS.0403'])
  })
})
