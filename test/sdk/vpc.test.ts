import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { basicCredentials, core, hcClient, iam, sdkError, vpc, vpcClient } from '../support/huawei-sdk.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, type ServerProcess } from '../support/server-process.js'

/**
 * The official `@huaweicloud/huaweicloud-sdk-vpc` client against a linkplane process, built exactly as
 * the README tells users to build it. Every operation, and the errors the SDK surfaces.
 */
let server: ServerProcess
let client: any
const credentials = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey, projectId: TEST_CREDENTIALS.projectId }

before(async () => {
  server = await startServer({ database: await temporaryDatabase(), env: SERVER_CREDENTIALS })
  client = vpcClient(server.url, credentials)
})
after(() => server.stop())

/** The SDK copies the status into the body it returns; the wire body is everything else. */
const wire = ({ httpStatusCode, ...body }: Record<string, unknown>) => body

async function sdkVpc(name: string, cidr: string) {
  const option = new vpc.CreateVpcOption().withName(name).withCidr(cidr)
  const created = await client.createVpc(new vpc.CreateVpcRequest().withBody(new vpc.CreateVpcRequestBody().withVpc(option)))
  await eventually(
    () => client.showVpc(new vpc.ShowVpcRequest().withVpcId(created.vpc.id)),
    (r: any) => r.vpc.status === 'OK',
  )
  return created.vpc
}

describe('VPCs through VpcClient', () => {
  test('create, list, show, update, delete', async () => {
    const option = new vpc.CreateVpcOption().withName('sdk-vpc').withCidr('192.168.0.0/16').withDescription('made by the SDK')
    const created = await client.createVpc(new vpc.CreateVpcRequest().withBody(new vpc.CreateVpcRequestBody().withVpc(option)))
    assert.equal(created.httpStatusCode, 200)
    assert.equal(created.vpc.status, 'CREATING')
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'CreateVpc', 200, wire(created)), [])
    const id = created.vpc.id
    await eventually(
      () => client.showVpc(new vpc.ShowVpcRequest().withVpcId(id)),
      (r: any) => r.vpc.status === 'OK',
    )

    const listed = await client.listVpcs(new vpc.ListVpcsRequest().withLimit(10))
    assert.ok(listed.vpcs.some((v: { id: string }) => v.id === id))
    const filtered = await client.listVpcs(new vpc.ListVpcsRequest().withId(id))
    assert.deepEqual(
      filtered.vpcs.map((v: { id: string }) => v.id),
      [id],
    )

    const update = new vpc.UpdateVpcOption().withName('sdk-vpc-renamed').withDescription('')
    const updated = await client.updateVpc(
      new vpc.UpdateVpcRequest().withVpcId(id).withBody(new vpc.UpdateVpcRequestBody().withVpc(update)),
    )
    assert.equal(updated.vpc.name, 'sdk-vpc-renamed')
    assert.equal(updated.vpc.description, '')

    const deleted = await client.deleteVpc(new vpc.DeleteVpcRequest().withVpcId(id))
    assert.equal(deleted.httpStatusCode, 204)
    const gone = await sdkError(client.showVpc(new vpc.ShowVpcRequest().withVpcId(id)))
    assert.deepEqual([gone.httpStatusCode, gone.errorCode, gone.errorMsg], [404, 'VPC.0003', 'VPC does not exist.'])
    assert.match(gone.requestId, /^[0-9a-f]{32}$/)
  })

  test('errors reach the SDK with their code and message', async () => {
    const bad = new vpc.CreateVpcOption().withName('bad').withCidr('8.8.8.0/24')
    const error = await sdkError(client.createVpc(new vpc.CreateVpcRequest().withBody(new vpc.CreateVpcRequestBody().withVpc(bad))))
    assert.equal(error.httpStatusCode, 400)
    assert.equal(error.errorCode, 'VPC.0101')
    assert.match(error.errorMsg, /^Param is invalid/)
    await sdkVpc('dup', '10.0.0.0/16')
    const dup = new vpc.CreateVpcOption().withName('dup')
    const duplicate = await sdkError(client.createVpc(new vpc.CreateVpcRequest().withBody(new vpc.CreateVpcRequestBody().withVpc(dup))))
    assert.equal(duplicate.errorCode, 'VPC.0115')
  })
})

describe('subnets and private IPs through VpcClient', () => {
  test('create, list, show, update, reserve addresses, delete', async () => {
    const parent = await sdkVpc('sdk-subnets', '10.20.0.0/16')
    const option = new vpc.CreateSubnetOption()
      .withName('sdk-subnet')
      .withCidr('10.20.1.0/24')
      .withGatewayIp('10.20.1.1')
      .withVpcId(parent.id)
      .withPrimaryDns('100.125.1.250')
      .withSecondaryDns('100.125.129.250')
    const created = await client.createSubnet(new vpc.CreateSubnetRequest().withBody(new vpc.CreateSubnetRequestBody().withSubnet(option)))
    assert.equal(created.subnet.status, 'UNKNOWN')
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'CreateSubnet', 200, wire(created)), [])
    const id = created.subnet.id
    await eventually(
      () => client.showSubnet(new vpc.ShowSubnetRequest().withSubnetId(id)),
      (r: any) => r.subnet.status === 'ACTIVE',
    )

    const listed = await client.listSubnets(new vpc.ListSubnetsRequest().withVpcId(parent.id))
    assert.deepEqual(
      listed.subnets.map((s: { id: string }) => s.id),
      [id],
    )
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'ListSubnets', 200, wire(listed)), [])

    const update = new vpc.UpdateSubnetOption().withName('sdk-subnet-2')
    const updated = await client.updateSubnet(
      new vpc.UpdateSubnetRequest().withVpcId(parent.id).withSubnetId(id).withBody(new vpc.UpdateSubnetRequestBody().withSubnet(update)),
    )
    assert.deepEqual(updated.subnet, { id, status: 'ACTIVE' })

    const reserve = new vpc.CreatePrivateipOption().withSubnetId(id).withIpAddress('10.20.1.10')
    const reserved = await client.createPrivateip(
      new vpc.CreatePrivateipRequest().withBody(new vpc.CreatePrivateipRequestBody().withPrivateips([reserve])),
    )
    const ip = reserved.privateips[0]
    assert.equal(ip.ip_address, '10.20.1.10')
    const ips = await client.listPrivateips(new vpc.ListPrivateipsRequest().withSubnetId(id))
    assert.ok(ips.privateips.some((p: { id: string }) => p.id === ip.id))
    const shown = await client.showPrivateip(new vpc.ShowPrivateipRequest().withPrivateipId(ip.id))
    assert.equal(shown.privateip.ip_address, '10.20.1.10')

    const inUse = await sdkError(client.deleteSubnet(new vpc.DeleteSubnetRequest().withVpcId(parent.id).withSubnetId(id)))
    assert.deepEqual([inUse.httpStatusCode, inUse.errorCode], [409, 'VPC.0208'])
    await client.deletePrivateip(new vpc.DeletePrivateipRequest().withPrivateipId(ip.id))
    const deleted = await client.deleteSubnet(new vpc.DeleteSubnetRequest().withVpcId(parent.id).withSubnetId(id))
    assert.equal(deleted.httpStatusCode, 204)
    const error = await sdkError(client.showSubnet(new vpc.ShowSubnetRequest().withSubnetId(id)))
    assert.deepEqual([error.httpStatusCode, error.errorCode], [404, 'VPC.0202'])
  })

  test('subnet errors: outside the VPC, overlapping, in an unknown VPC', async () => {
    const parent = await sdkVpc('sdk-subnet-errors', '10.30.0.0/16')
    const create = (cidr: string, gateway: string, vpcId = parent.id) =>
      client.createSubnet(
        new vpc.CreateSubnetRequest().withBody(
          new vpc.CreateSubnetRequestBody().withSubnet(
            new vpc.CreateSubnetOption().withName('e').withCidr(cidr).withGatewayIp(gateway).withVpcId(vpcId),
          ),
        ),
      )
    assert.equal((await sdkError(create('10.31.0.0/24', '10.31.0.1'))).errorCode, 'VPC.0203')
    await create('10.30.0.0/24', '10.30.0.1')
    assert.equal((await sdkError(create('10.30.0.0/25', '10.30.0.1'))).errorCode, 'VPC.0204')
    assert.equal((await sdkError(create('10.30.1.0/24', '10.30.1.1', '00000000-0000-0000-0000-000000000000'))).errorCode, 'VPC.0003')
  })
})

describe('authentication as the SDK meets it', () => {
  test('a client with the wrong SK gets 401 APIGW.0301', async () => {
    const wrong = vpcClient(server.url, { ...credentials, secretKey: 'not-the-secret-key' })
    const error = await sdkError(wrong.listVpcs(new vpc.ListVpcsRequest()))
    assert.deepEqual([error.httpStatusCode, error.errorCode], [401, 'APIGW.0301'])
  })

  test('a request signed 20 minutes ago gets 401 APIGW.0301', async () => {
    const client = hcClient(server.url, credentials)
    const stale = `${new Date(Date.now() - 20 * 60_000).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`
    const error = await sdkError(
      client.sendRequest({
        method: 'GET',
        url: '/v1/{project_id}/vpcs',
        contentType: 'application/json',
        queryParams: {},
        pathParams: {},
        headers: { 'X-Sdk-Date': stale },
      }),
    )
    assert.deepEqual([error.httpStatusCode, error.errorCode], [401, 'APIGW.0301'])
  })

  test("a project id that is not the caller's gets VPC.0007", async () => {
    const other = vpcClient(server.url, { ...credentials, projectId: 'ffffffffffffffffffffffffffffffff' })
    const error = await sdkError(other.listVpcs(new vpc.ListVpcsRequest()))
    assert.deepEqual([error.httpStatusCode, error.errorCode, error.errorMsg], [400, 'VPC.0007', 'urlTenantId is not equal tokenTenantId'])
  })

  test('with a region and an IAM endpoint and no project id, the SDK discovers the project and works', async () => {
    const discovering = vpc.VpcClient.newBuilder()
      .withCredential(new core.BasicCredentials().withAk(credentials.accessKey).withSk(credentials.secretKey).withIamEndpoint(server.url))
      .withRegion(new core.Region('cn-north-4', server.url))
      .build()
    const listed = await discovering.listVpcs(new vpc.ListVpcsRequest())
    assert.equal(listed.httpStatusCode, 200)
    assert.ok(Array.isArray(listed.vpcs))
  })

  test('the IAM SDK signs in with a password, and the token works with the VPC API', async () => {
    const iamClient = iam.IamClient.newBuilder().withCredential(basicCredentials(credentials)).withEndpoint(server.url).build()
    const user = new iam.PwdPasswordUser()
      .withName(TEST_CREDENTIALS.user)
      .withPassword(TEST_CREDENTIALS.password)
      .withDomain(new iam.PwdPasswordUserDomain().withName(TEST_CREDENTIALS.user))
    const identity = new iam.PwdIdentity().withMethods(['password']).withPassword(new iam.PwdPassword().withUser(user))
    const scope = new iam.AuthScope().withProject(new iam.AuthScopeProject().withName('cn-north-4'))
    const request = new iam.KeystoneCreateUserTokenByPasswordRequest().withBody(
      new iam.KeystoneCreateUserTokenByPasswordRequestBody().withAuth(new iam.PwdAuth().withIdentity(identity).withScope(scope)),
    )
    const response = await iamClient.keystoneCreateUserTokenByPassword(request)
    assert.equal(response.httpStatusCode, 201)
    const token = response.xSubjectToken ?? response['X-Subject-Token']
    assert.match(token, /^MII/)
    const list = await fetch(`${server.url}/v1/${TEST_CREDENTIALS.projectId}/vpcs`, { headers: { 'X-Auth-Token': token } })
    assert.equal(list.status, 200)
  })
})
