/**
 * A server with resources in every service, made through the API as users make them, and the reads that
 * show all of it: every read operation (GET and HEAD) of every service, with ids that exist.
 */
import assert from 'node:assert/strict'
import { eventually, TEST_CREDENTIALS, type CallOptions, type TestApp } from './app.js'
import { authoriseConnections, readyNetwork } from './eg.js'
import { connectionBody, esw, instanceBody, network, readyInstance, settledConnection } from './esw.js'
import { createUserWithPolicies, signIn } from './iam-users.js'
import { createTenant, tenantVpc } from './tenants.js'
import { readySubnet, readyVpc } from './vpc.js'

export interface Read {
  method: 'GET' | 'HEAD'
  path: string
  options?: CallOptions
}

async function ok(response: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const result = await response
  assert.equal(result.status, status, JSON.stringify(result.body))
  return result.body
}

export async function populateEveryService(lp: TestApp): Promise<Read[]> {
  const pid = lp.projectId
  const did = TEST_CREDENTIALS.domainId
  const b = await createTenant(lp, 'tenant-b')

  // IAM: a user in a group with a custom policy granted on the account, another on the project, a token.
  const listVpcs = { Version: '1.1' as const, Statement: [{ Effect: 'Allow' as const, Action: ['vpc:vpcs:list'] }] }
  const user = await createUserWithPolicies(lp, 'reader', [listVpcs])
  const projectRole = (
    await ok(
      lp.call('POST', '/v3.0/OS-ROLE/roles', {
        body: { role: { display_name: 'project-policy', type: 'XA', description: 'p', policy: listVpcs } },
      }),
      201,
    )
  ).role
  await ok(lp.call('PUT', `/v3/projects/${pid}/groups/${user.groupId}/roles/${projectRole.id}`), 204)
  const domainRole = (await ok(lp.call('GET', `/v3/domains/${did}/groups/${user.groupId}/roles`))).roles[0]
  const systemRole = (await ok(lp.call('GET', '/v3/roles', { query: { display_name: 'VPC ReadOnlyAccess' } }))).roles[0]
  const token = await signIn(lp, TEST_CREDENTIALS.user, TEST_CREDENTIALS.password)

  // VPC: a VPC, a subnet, a private IP.
  const vpc = await readyVpc(lp, { name: 'main', cidr: '10.1.0.0/16' })
  const subnet = await readySubnet(lp, { name: 'main', cidr: '10.1.1.0/24', gateway_ip: '10.1.1.1', vpc_id: vpc.id })
  const privateIp = (await ok(lp.call('POST', `/v1/${pid}/privateips`, { body: { privateips: [{ subnet_id: subnet.id }] } }))).privateips[0]
  // VPC v3 and tags: a secondary CIDR, a tag on the VPC and one on the subnet.
  await ok(lp.call('PUT', `/v3/${pid}/vpc/vpcs/${vpc.id}/add-extend-cidr`, { body: { vpc: { extend_cidrs: ['21.0.0.0/16'] } } }))
  await ok(lp.call('POST', `/v2.0/${pid}/vpcs/${vpc.id}/tags`, { body: { tag: { key: 'env', value: 'test' } } }), 204)
  await ok(lp.call('POST', `/v2.0/${pid}/subnets/${subnet.id}/tags`, { body: { tag: { key: 'tier', value: 'web' } } }), 204)

  // VPC peering: one within the account (ACTIVE) with a route through it, one to tenant B (PENDING_ACCEPTANCE).
  const second = await readyVpc(lp, { name: 'second', cidr: '10.2.0.0/16' })
  const theirs = await tenantVpc(lp, b, { name: 'theirs', cidr: '10.3.0.0/16' })
  const own = (
    await ok(
      lp.call('POST', '/v2.0/vpc/peerings', {
        body: { peering: { name: 'own', request_vpc_info: { vpc_id: vpc.id }, accept_vpc_info: { vpc_id: second.id } } },
      }),
      201,
    )
  ).peering
  await ok(
    lp.call('POST', '/v2.0/vpc/peerings', {
      body: {
        peering: { name: 'cross', request_vpc_info: { vpc_id: second.id }, accept_vpc_info: { vpc_id: theirs.id, tenant_id: b.projectId } },
      },
    }),
    201,
  )

  const route = (
    await ok(
      lp.call('POST', '/v2.0/vpc/routes', {
        body: { route: { type: 'peering', nexthop: own.id, destination: '10.2.0.0/16', vpc_id: vpc.id } },
      }),
      201,
    )
  ).route

  // ESW: an instance, a connection, a port bound to it.
  const net = await network(lp, { prefix: '192.168' })
  const instance = await readyInstance(lp, instanceBody(net))
  const connection = await settledConnection(lp, instance.id, connectionBody(net, 0, {}))
  const port = (await ok(lp.call('POST', `/v1/${pid}/privateips`, { body: { privateips: [{ subnet_id: net.l2[0].id }] } }))).privateips[0]
  await ok(lp.call('POST', `${esw(pid)}/connections/${connection.id}/vports/bind`, { body: { vport: { id: port.id } } }), 204)

  // EventGrid: the agency and a CREATED connection.
  const egNet = await readyNetwork(lp, 30)
  await authoriseConnections(lp)
  const egConnection = await ok(
    lp.call('POST', `/v1/${pid}/connections`, { body: { name: 'eg', vpc_id: egNet.vpc.id, subnet_id: egNet.subnet.id } }),
  )
  await eventually(
    () => lp.call('GET', `/v1/${pid}/connections/${egConnection.id}`),
    (r) => r.body.status === 'CREATED',
  )

  // FunctionGraph: a VPC endpoint.
  await ok(lp.call('POST', `/v2/${pid}/fgs/vpc-endpoint`, { body: { vpc_id: egNet.vpc.id, subnet_id: egNet.subnet.id } }))

  // Cloud Stream: a running cluster, a peering B accepted, a route, a user quota.
  const cs = `/v1.0/${pid}`
  const clusterId = (
    await ok(
      lp.call('POST', `${cs}/reserved_cluster`, {
        body: { name: 'stream', vpc_cidr: '172.16.0.0/16', subnet_cidr: '172.16.0.0/24', subnet_gateway: '172.16.0.1' },
      }),
    )
  ).payload.cluster_id
  await eventually(
    () => lp.call('GET', `${cs}/reserved_cluster/${clusterId}`),
    (r) => r.body.payload?.status_code === 5,
  )
  const peerOfCluster = await tenantVpc(lp, b, { name: 'of-cluster', cidr: '10.8.0.0/16' })
  const csPeering = (
    await ok(
      lp.call('POST', `${cs}/reserved_cluster/${clusterId}/peering`, {
        body: { vpc_id: peerOfCluster.id, name: 'stream-peer', accept_tenant_id: b.projectId },
      }),
      201,
    )
  ).peering
  await ok(lp.call('PUT', `/v2.0/vpc/peerings/${csPeering.id}/accept`, { as: b.signer }))
  await ok(lp.call('POST', `${cs}/reserved_cluster/${clusterId}/peering/${csPeering.id}/route`, { body: { destination: '10.8.0.0/16' } }))
  const csUser = (await ok(lp.call('GET', `${cs}/user_quotas`))).payload.users[0].user_id
  await ok(lp.call('PATCH', `${cs}/user_quota/${csUser}`, { body: { spu_quota: 100 } }))

  // The admin API's own: a fault rule that matches nothing that happens here.
  const fault = (await ok(lp.call('POST', '/_linkplane/faults', { body: { lifecycle: 'stall', resource_id: 'none' } }), 201)).fault

  const get = (path: string, options?: CallOptions): Read => ({ method: 'GET', path, options })
  const head = (path: string): Read => ({ method: 'HEAD', path })
  return [
    get('/v3/auth/tokens', { as: { token }, headers: { 'x-subject-token': token } }),
    get('/v3/projects'),
    get(`/v3/projects/${pid}`),
    get('/v3/auth/projects'),
    get('/v3/auth/domains'),
    get('/v3/regions'),
    get('/v3/users'),
    get(`/v3/users/${user.id}`),
    get(`/v3.0/OS-USER/users/${user.id}`),
    get('/v3/groups'),
    get(`/v3/groups/${user.groupId}`),
    head(`/v3/groups/${user.groupId}/users/${user.id}`),
    get(`/v3/groups/${user.groupId}/users`),
    get(`/v3/users/${user.id}/groups`),
    get('/v3.0/OS-ROLE/roles'),
    get(`/v3.0/OS-ROLE/roles/${projectRole.id}`),
    get('/v3/roles'),
    get(`/v3/roles/${systemRole.id}`),
    get(`/v3/projects/${pid}/groups/${user.groupId}/roles`),
    head(`/v3/projects/${pid}/groups/${user.groupId}/roles/${projectRole.id}`),
    get(`/v3/domains/${did}/groups/${user.groupId}/roles`),
    head(`/v3/domains/${did}/groups/${user.groupId}/roles/${domainRole.id}`),
    get('/v3.0/OS-CREDENTIAL/credentials'),
    get(`/v3.0/OS-CREDENTIAL/credentials/${user.signer.accessKey}`),
    // The user's own key and policies still work, and still deny what they denied.
    get(`/v1/${pid}/vpcs`, { as: user.signer }),
    get(`/v1/${pid}/subnets`, { as: user.signer }),

    get(`/v1/${pid}/vpcs`),
    get(`/v1/${pid}/vpcs/${vpc.id}`),
    get(`/v1/${pid}/subnets`),
    get(`/v1/${pid}/subnets/${subnet.id}`),
    get(`/v1/${pid}/subnets/${subnet.id}/privateips`),
    get(`/v1/${pid}/privateips/${privateIp.id}`),
    get(`/v3/${pid}/vpc/vpcs`),
    get(`/v3/${pid}/vpc/vpcs/${vpc.id}`),
    get(`/v2.0/${pid}/vpcs/${vpc.id}/tags`),
    get(`/v2.0/${pid}/vpcs/tags`),
    get(`/v2.0/${pid}/subnets/${subnet.id}/tags`),
    get(`/v2.0/${pid}/subnets/tags`),

    get('/v2.0/vpc/peerings'),
    get('/v2.0/vpc/peerings', { as: b.signer }),
    get(`/v2.0/vpc/peerings/${own.id}`),
    get('/v2.0/vpc/routes'),
    get(`/v2.0/vpc/routes/${route.id}`),

    get(`${esw(pid)}/instances`),
    get(`${esw(pid)}/instances/${instance.id}`),
    get(`${esw(pid)}/flavors`),
    get(`${esw(pid)}/availability-zones`),
    get(`${esw(pid)}/quotas`),
    get(`${esw(pid)}/resources/${instance.id}/jobs`),
    get(`${esw(pid)}/instances/${instance.id}/connections`),
    get(`${esw(pid)}/connections`),
    get(`${esw(pid)}/instances/${instance.id}/connections/${connection.id}`),

    get(`/v1/${pid}/connections`),
    get(`/v1/${pid}/connections/${egConnection.id}`),
    get(`/v1/${pid}/service-agencies`, { query: { type: 'TARGET_CONNECTION' } }),
    get(`/v1/${pid}/quotas`),

    get(`/v2/${pid}/fgs/vpc-endpoint`),

    get(`${cs}/reserved_cluster/${clusterId}`),
    get(`${cs}/reserved_clusters`),
    get(`${cs}/reserved_cluster/${clusterId}/peering`),
    get(`${cs}/reserved_cluster/${clusterId}/peering/${csPeering.id}`),
    get(`${cs}/reserved_cluster/${clusterId}/peering/${csPeering.id}/route`),
    get(`${cs}/user_quotas`),
    get(`${cs}/user_quota/${csUser}`),

    get('/_linkplane/accounts'),
    get('/_linkplane/faults'),
    get(`/_linkplane/faults/${fault.id}`),
    get('/_linkplane/openapi.json'),
    get('/_linkplane/dataplane'),
    get('/_linkplane/dataplane/hosts'),
  ]
}
