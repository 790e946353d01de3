/**
 * What the console's tests look at, made the way users make it: through the official Huawei Cloud SDK
 * (VpcClient, FunctionGraphClient, and HcClient with request definitions for ESW, EventGrid and Cloud
 * Stream) over HTTP, against a server in `manual` lifecycle mode advanced with
 * `POST /_linkplane/lifecycle/advance`.
 */
import assert from 'node:assert/strict'
import { TEST_CREDENTIALS, type Signer } from '../support/app.js'
import { signed, send } from '../support/http-client.js'
import { functiongraph, functiongraphClient, hcClient, vpc, vpcClient } from '../support/huawei-sdk.js'

export interface Account {
  accessKey: string
  secretKey: string
  projectId: string
}

export const admin: Account = {
  accessKey: TEST_CREDENTIALS.accessKey,
  secretKey: TEST_CREDENTIALS.secretKey,
  projectId: TEST_CREDENTIALS.projectId,
}

/** Moves every pending status transition one step, as the bootstrap administrator. */
export async function advance(url: string): Promise<Array<{ kind: string; resource_id: string }>> {
  const response = await send(url, signed(url, admin as Signer, 'POST', '/_linkplane/lifecycle/advance', { body: {} }))
  assert.equal(response.status, 200, JSON.stringify(response.body))
  return response.body.moved
}

/** One account's SDK clients. */
export class Sdk {
  readonly vpcs: any
  readonly functions: any
  private readonly client: any

  constructor(
    readonly url: string,
    readonly account: Account,
  ) {
    this.vpcs = vpcClient(url, account)
    this.functions = functiongraphClient(url, account)
    this.client = hcClient(url, account)
  }

  /** A request for a service without an npm SDK, the way Huawei's generated clients hand it to HcClient. */
  request(method: string, url: string, data?: unknown): Promise<any> {
    return this.client.sendRequest({
      method,
      url,
      contentType: 'application/json',
      queryParams: {},
      pathParams: {},
      headers: data ? { 'Content-Type': 'application/json;charset=UTF-8' } : {},
      ...(data ? { data } : {}),
    })
  }

  async createVpc(name: string, cidr: string): Promise<any> {
    const option = new vpc.CreateVpcOption().withName(name).withCidr(cidr)
    return (await this.vpcs.createVpc(new vpc.CreateVpcRequest().withBody(new vpc.CreateVpcRequestBody().withVpc(option)))).vpc
  }

  async createSubnet(vpcId: string, name: string, cidr: string): Promise<any> {
    const gateway = cidr.replace(/\.0\/24$/, '.1')
    const option = new vpc.CreateSubnetOption().withName(name).withCidr(cidr).withGatewayIp(gateway).withVpcId(vpcId)
    return (await this.vpcs.createSubnet(new vpc.CreateSubnetRequest().withBody(new vpc.CreateSubnetRequestBody().withSubnet(option))))
      .subnet
  }

  async createPeering(name: string, requestVpc: string, acceptVpc: string, acceptProject?: string): Promise<any> {
    const accept = new vpc.VpcInfo().withVpcId(acceptVpc)
    if (acceptProject) accept.withTenantId(acceptProject)
    const option = new vpc.CreateVpcPeeringOption()
      .withName(name)
      .withRequestVpcInfo(new vpc.VpcInfo().withVpcId(requestVpc))
      .withAcceptVpcInfo(accept)
    return (
      await this.vpcs.createVpcPeering(
        new vpc.CreateVpcPeeringRequest().withBody(new vpc.CreateVpcPeeringRequestBody().withPeering(option)),
      )
    ).peering
  }

  async createEswInstance(name: string, vpcId: string, tunnelSubnetId: string): Promise<any> {
    const instance = {
      name,
      flavor_ref: 'l2cg.large.ha',
      ha_mode: 'ha',
      availability_zones: { primary: 'cn-north-4a', standby: 'cn-north-4b' },
      tunnel_info: { vpc_id: vpcId, virsubnet_id: tunnelSubnetId },
      charge_infos: { charge_mode: 'postPaid' },
    }
    return (await this.request('POST', '/v3/{project_id}/l2cg/instances', { instance })).instance
  }

  async createEswConnection(instanceId: string, name: string, vpcId: string, subnetId: string, remote: { vni: number; ip: string }) {
    const connection = {
      name,
      vpc_id: vpcId,
      virsubnet_id: subnetId,
      remote_infos: [{ segmentation_id: remote.vni, tunnel_ip: remote.ip, tunnel_port: 4789 }],
    }
    return (await this.request('POST', `/v3/{project_id}/l2cg/instances/${instanceId}/connections`, { connection })).connection
  }

  async createEventGridConnection(name: string, vpcId: string, subnetId: string): Promise<any> {
    await this.request('POST', '/v1/{project_id}/service-agencies', { type: 'TARGET_CONNECTION' })
    return this.request('POST', '/v1/{project_id}/connections', { name, vpc_id: vpcId, subnet_id: subnetId })
  }

  async createFunctionGraphEndpoint(vpcId: string, subnetId: string): Promise<any> {
    const body = new functiongraph.CreateVpcEndpointRequestBody().withVpcId(vpcId).withSubnetId(subnetId).withFlavor('default')
    return this.functions.createVpcEndpoint(new functiongraph.CreateVpcEndpointRequest().withBody(body))
  }

  async createCloudStreamCluster(name: string, cidr: string): Promise<number> {
    const gateway = cidr.replace(/\.0\.0\/16$/, '.0.1')
    const body = { name, vpc_cidr: cidr, subnet_cidr: cidr.replace(/\/16$/, '/24'), subnet_gateway: gateway }
    return (await this.request('POST', '/v1.0/{project_id}/reserved_cluster', body)).payload.cluster_id
  }

  async createCloudStreamPeering(clusterId: number, name: string, vpcId: string): Promise<any> {
    return (await this.request('POST', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering`, { name, vpc_id: vpcId })).peering
  }
}

export interface Scene {
  core: any
  edge: any
  subnets: Record<'tunnel' | 'apps' | 'data' | 'edgeTunnel' | 'edgeL2', any>
  partnerVpc: any
  eswCore: any
  eswEdge: any
  connections: Record<'coreApps' | 'edgeL2' | 'coreData', any>
  peerings: Record<'coreEdge' | 'toPartner', any>
  eventGrid: any
  clusterId: number
  streamPeering: any
}

/**
 * The tester's project: two VPCs peered with each other and one peered to a partner account, an ESW
 * instance in each with a layer-2 connection between them and one to a remote tunnel, an EventGrid
 * connection, a FunctionGraph endpoint and a Cloud Stream cluster peered with a VPC (waiting for its
 * acceptance). Everything is advanced to its settled status, except what the tests watch move.
 */
export async function buildScene(url: string, partner: Account): Promise<Scene> {
  const sdk = new Sdk(url, admin)
  const core = await sdk.createVpc('core', '10.1.0.0/16')
  const edge = await sdk.createVpc('edge', '10.2.0.0/16')
  const partnerVpc = await new Sdk(url, partner).createVpc('partner-net', '10.9.0.0/16')
  await advance(url)
  const subnets = {
    tunnel: await sdk.createSubnet(core.id, 'core-tunnel', '10.1.0.0/24'),
    apps: await sdk.createSubnet(core.id, 'apps', '10.1.1.0/24'),
    data: await sdk.createSubnet(core.id, 'data', '10.1.2.0/24'),
    edgeTunnel: await sdk.createSubnet(edge.id, 'edge-tunnel', '10.2.0.0/24'),
    edgeL2: await sdk.createSubnet(edge.id, 'edge-l2', '10.2.1.0/24'),
  }
  await advance(url)
  const eswCore = await sdk.createEswInstance('esw-core', core.id, subnets.tunnel.id)
  const eswEdge = await sdk.createEswInstance('esw-edge', edge.id, subnets.edgeTunnel.id)
  const eventGrid = await sdk.createEventGridConnection('events', core.id, subnets.data.id)
  await sdk.createFunctionGraphEndpoint(core.id, subnets.apps.id)
  const clusterId = await sdk.createCloudStreamCluster('stream', '172.16.0.0/16')
  await advance(url)
  await advance(url)
  const connections = {
    coreApps: await sdk.createEswConnection(eswCore.id, 'core-apps', core.id, subnets.apps.id, {
      vni: 100,
      ip: eswEdge.tunnel_info.tunnel_ip,
    }),
    edgeL2: await sdk.createEswConnection(eswEdge.id, 'edge-l2', edge.id, subnets.edgeL2.id, {
      vni: 100,
      ip: eswCore.tunnel_info.tunnel_ip,
    }),
    coreData: await sdk.createEswConnection(eswCore.id, 'core-data', core.id, subnets.data.id, { vni: 7127, ip: '192.168.111.111' }),
  }
  await advance(url)
  // Created last: in manual mode every advance also expires unanswered cross-account requests.
  const peerings = {
    coreEdge: await sdk.createPeering('core-edge', core.id, edge.id),
    toPartner: await sdk.createPeering('to-partner', core.id, partnerVpc.id, partner.projectId),
  }
  const streamPeering = await sdk.createCloudStreamPeering(clusterId, 'stream-core', edge.id)
  return { core, edge, subnets, partnerVpc, eswCore, eswEdge, connections, peerings, eventGrid, clusterId, streamPeering }
}
