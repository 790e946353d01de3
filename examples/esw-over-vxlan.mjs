// Two VPCs with the same subnet 10.10.1.0/24, an ESW instance in each, crossing layer-2 connections on
// VNI 5001, and a test host on each side: run it against a server with the linux data plane
// (README, "The linux data plane"). It uses the official SDK: the VPC client, and the core SDK's HcClient
// for ESW, which has no npm package. Endpoint and credentials come from the environment.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core')
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder')
const vpc = require('@huaweicloud/huaweicloud-sdk-vpc')

const endpoint = process.env.LINKPLANE_ENDPOINT ?? 'http://127.0.0.1:8080'
const credentials = new BasicCredentials()
  .withAk(process.env.LINKPLANE_ACCESS_KEY)
  .withSk(process.env.LINKPLANE_SECRET_KEY)
  .withProjectId(process.env.LINKPLANE_PROJECT_ID)
const vpcs = vpc.VpcClient.newBuilder().withCredential(credentials).withEndpoint(endpoint).build()
const client = new ClientBuilder((c) => c).withCredential(credentials).withEndpoint(endpoint).build()

/** A signed call with HcClient: ESW's `/v3/{project_id}/l2cg/...`, or the linkplane admin API. */
const call = (method, url, body) =>
  client.sendRequest({
    method,
    url,
    contentType: 'application/json',
    pathParams: {},
    queryParams: {},
    headers: body ? { 'Content-Type': 'application/json;charset=UTF-8' } : {},
    ...(body ? { data: body } : {}),
  })
const l2cg = '/v3/{project_id}/l2cg'

async function until(read, done) {
  for (let i = 0; i < 600; i++) {
    const value = await read()
    if (done(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error('gave up waiting')
}

async function side(name, tunnelIp) {
  const made = await vpcs.createVpc(
    new vpc.CreateVpcRequest().withBody(
      new vpc.CreateVpcRequestBody().withVpc(new vpc.CreateVpcOption().withName(name).withCidr('10.10.0.0/16')),
    ),
  )
  await until(
    () => vpcs.showVpc(new vpc.ShowVpcRequest().withVpcId(made.vpc.id)),
    (r) => r.vpc.status === 'OK',
  )
  const subnet = async (third) => {
    const option = new vpc.CreateSubnetOption()
      .withName(`${name}-${third}`)
      .withCidr(`10.10.${third}.0/24`)
      .withGatewayIp(`10.10.${third}.1`)
      .withVpcId(made.vpc.id)
    const created = await vpcs.createSubnet(new vpc.CreateSubnetRequest().withBody(new vpc.CreateSubnetRequestBody().withSubnet(option)))
    await until(
      () => vpcs.showSubnet(new vpc.ShowSubnetRequest().withSubnetId(created.subnet.id)),
      (r) => r.subnet.status === 'ACTIVE',
    )
    return created.subnet.id
  }
  const tunnel = await subnet(0)
  const l2 = await subnet(1)
  const { instance } = await call('POST', `${l2cg}/instances`, {
    instance: {
      name: `esw-${name}`,
      flavor_ref: 'l2cg.small.ha',
      ha_mode: 'ha',
      availability_zones: { primary: 'cn-north-4a', standby: 'cn-north-4b' },
      tunnel_info: { vpc_id: made.vpc.id, virsubnet_id: tunnel, tunnel_ip: tunnelIp },
      charge_infos: { charge_mode: 'postPaid' },
    },
  })
  await until(
    () => call('GET', `${l2cg}/instances/${instance.id}`),
    (r) => r.instance.status === 'active',
  )
  return { name, vpcId: made.vpc.id, l2, instanceId: instance.id, tunnelIp }
}

const a = await side('vpc-a', '10.10.0.10')
const b = await side('vpc-b', '10.10.0.20')

for (const [local, remote] of [
  [a, b],
  [b, a],
]) {
  const { connection } = await call('POST', `${l2cg}/instances/${local.instanceId}/connections`, {
    connection: {
      name: `l2-${local.name}`,
      vpc_id: local.vpcId,
      virsubnet_id: local.l2,
      remote_infos: [{ segmentation_id: 5001, tunnel_ip: remote.tunnelIp, tunnel_port: 4789 }],
    },
  })
  local.connection = connection.id
}
for (const [s, address] of [
  [a, '10.10.1.10'],
  [b, '10.10.1.20'],
]) {
  s.host = await call('POST', '/_linkplane/dataplane/hosts', { subnet_id: s.l2, ip_address: address })
}
for (const s of [a, b]) {
  const { connection } = await until(
    () => call('GET', `${l2cg}/instances/${s.instanceId}/connections/${s.connection}`),
    (r) => r.connection.status === 'connected',
  )
  console.log(
    `${s.name}: connection ${connection.id} ${connection.status} (VNI 5001, ${s.tunnelIp} -> ${s === a ? b.tunnelIp : a.tunnelIp})`,
  )
  console.log(`${s.name}: test host ${s.host.ip_address} in namespace ${s.host.namespace}`)
}
console.log(`ip netns exec ${a.host.namespace} ping -c 3 ${b.host.ip_address}`)
