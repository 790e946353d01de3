/**
 * The linux data plane, against the kernel (root, iproute2 and ping needed; skipped otherwise, saying why).
 * Everything lives in namespaces under this file's own prefix, removed when the file ends.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type Signer, type TestApp } from '../support/app.js'
import { connectionBody, esw, instanceBody, readyInstance, settledConnection, type Network } from '../support/esw.js'
import { ip, linksIn, linuxDataPlane, linuxSkipReason, namespacesUnder, pings, privatePrefix, routesIn } from '../support/linux.js'
import { createTenant, type Tenant } from '../support/tenants.js'

const skip = await linuxSkipReason()
// Removed when the file ends, after the server below has stopped.
const prefix = skip ? '' : privatePrefix()

/** A VPC with a tunnel subnet (`<prefix>.0.0/24`) and one layer-2 subnet (`<prefix>.1.0/24`), as `as`. */
async function network(lp: TestApp, name: string, prefix: string, as?: Signer): Promise<Network> {
  const project = as?.projectId ?? lp.projectId
  const options = as ? { as } : {}
  const created = await lp.call('POST', `/v1/${project}/vpcs`, { body: { vpc: { name, cidr: `${prefix}.0.0/16` } }, ...options })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  const vpc = (
    await eventually(
      () => lp.call('GET', `/v1/${project}/vpcs/${created.body.vpc.id}`, options),
      (r) => r.body.vpc.status === 'OK',
    )
  ).body.vpc
  const subnet = async (third: number) => {
    const body = {
      subnet: { name: `${name}-${third}`, cidr: `${prefix}.${third}.0/24`, gateway_ip: `${prefix}.${third}.1`, vpc_id: vpc.id },
    }
    const made = await lp.call('POST', `/v1/${project}/subnets`, { body, ...options })
    assert.equal(made.status, 200, JSON.stringify(made.body))
    const read = () => lp.call('GET', `/v1/${project}/subnets/${made.body.subnet.id}`, options)
    return (await eventually(read, (r) => r.body.subnet.status === 'ACTIVE')).body.subnet
  }
  return { vpc, tunnel: await subnet(0), l2: [await subnet(1)] }
}

async function host(lp: TestApp, subnetId: string, address?: string) {
  const created = await lp.call('POST', '/_linkplane/dataplane/hosts', {
    body: { subnet_id: subnetId, ...(address ? { ip_address: address } : {}) },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body as { id: string; namespace: string; ip_address: string }
}

/** Pings until it answers (the first packets may wait for neighbour discovery). */
const reaches = (from: string, address: string) =>
  eventually(
    async () => pings(from, address),
    (ok) => ok,
    10_000,
  )

describe('linux data plane', { skip }, () => {
  let lp: TestApp
  before(async () => {
    lp = await createTestApp(linuxDataPlane(prefix))
  })
  after(() => lp?.close())

  test('two VPCs with the same 10.10.1.0/24 joined by crossing connections on one VNI: one layer-2 domain', async () => {
    const a = await network(lp, 'dp-a', '10.10')
    const b = await network(lp, 'dp-b', '10.10')
    const instanceA = await readyInstance(lp, instanceBody(a, { name: 'esw-a' }, { tunnel_ip: '10.10.0.10' }))
    const instanceB = await readyInstance(lp, instanceBody(b, { name: 'esw-b' }, { tunnel_ip: '10.10.0.20' }))
    const connectionA = await settledConnection(lp, instanceA.id, connectionBody(a, 0, { segmentation_id: 5001, tunnel_ip: '10.10.0.20' }))
    const connectionB = await settledConnection(lp, instanceB.id, connectionBody(b, 0, { segmentation_id: 5001, tunnel_ip: '10.10.0.10' }))

    // The kernel holds one VXLAN device per connection (made right after the connection leaves `pending`):
    // the VNI, and the other side's tunnel IP as remote.
    for (const [vpc, local, remote] of [
      [a.vpc.id, '10.10.0.10', '10.10.0.20'],
      [b.vpc.id, '10.10.0.20', '10.10.0.10'],
    ]) {
      // Made, then set up: wait for both.
      const devices = await eventually(
        async () => linksIn(`${prefix}vpc-${vpc}`, 'vxlan'),
        (d) => d.length > 0 && d.every((device) => device.flags.includes('UP')),
      )
      assert.equal(devices.length, 1, JSON.stringify(devices))
      const { id, local: l, remote: r, port } = devices[0].linkinfo.info_data
      assert.deepEqual({ id, local: l, remote: r, port }, { id: 5001, local, remote, port: 4789 })
      assert.ok(devices[0].flags.includes('UP'))
    }

    const hostA = await host(lp, a.l2[0].id, '10.10.1.10')
    const hostB = await host(lp, b.l2[0].id, '10.10.1.20')
    assert.equal(hostA.namespace, `${prefix}host-${hostA.id}`)
    assert.deepEqual(namespacesUnder(`${prefix}host-`).sort(), [hostA.namespace, hostB.namespace].sort())
    await reaches(hostA.namespace, '10.10.1.20')
    await reaches(hostB.namespace, '10.10.1.10')

    const show = (instance: string, id: string) => lp.call('GET', `${esw(lp.projectId)}/instances/${instance}/connections/${id}`)
    await eventually(
      () => show(instanceA.id, connectionA.id),
      (r) => r.body.connection.status === 'connected',
    )
    await eventually(
      () => show(instanceB.id, connectionB.id),
      (r) => r.body.connection.status === 'connected',
    )

    // A device removed by hand: the link goes down (a netlink event brings the check); a reconciliation
    // brings the device back, and the link.
    const deviceA = `vx${connectionA.id.replaceAll('-', '').slice(0, 12)}`
    ip('-n', `${prefix}vpc-${a.vpc.id}`, 'link', 'del', deviceA)
    await eventually(
      () => show(instanceA.id, connectionA.id),
      (r) => r.body.connection.status === 'disconnect',
      5000,
    )
    assert.equal((await lp.call('POST', '/_linkplane/dataplane/reconcile', { body: {} })).body.in_sync, true)
    await eventually(
      () => show(instanceA.id, connectionA.id),
      (r) => r.body.connection.status === 'connected',
      5000,
    )
    await reaches(hostA.namespace, '10.10.1.20')

    // Deleting one side: its device goes before the answer, the ping stops, the other side follows.
    const deleted = await lp.call('DELETE', `${esw(lp.projectId)}/instances/${instanceB.id}/connections/${connectionB.id}`)
    assert.equal(deleted.status, 204)
    assert.deepEqual(linksIn(`${prefix}vpc-${b.vpc.id}`, 'vxlan'), [])
    assert.equal(pings(hostA.namespace, '10.10.1.20'), false)
    const started = Date.now()
    await eventually(
      () => show(instanceA.id, connectionA.id),
      (r) => r.body.connection.status === 'disconnect',
      5000,
    )
    assert.ok(Date.now() - started < 5000)

    // A remote tunnel IP that belongs to no instance answers nobody.
    const lonely = await settledConnection(lp, instanceB.id, {
      connection: { ...connectionBody(b, 0, { segmentation_id: 5002, tunnel_ip: '10.10.0.99' }).connection, name: 'lonely' },
    })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    assert.equal((await show(instanceB.id, lonely.id)).body.connection.status, 'disconnect')
  })

  test("a VPC peering with routes joins two tenants' VPCs once accepted, and no longer once deleted", async () => {
    const tenant: Tenant = await createTenant(lp, 'peer-tenant')
    const p = await network(lp, 'dp-p', '10.30')
    const q = await network(lp, 'dp-q', '10.40', tenant.signer)
    const hostP = await host(lp, p.l2[0].id)
    const hostQ = await host(lp, q.l2[0].id)
    assert.equal(hostP.ip_address, '10.30.1.2')

    const requested = await lp.call('POST', '/v2.0/vpc/peerings', {
      body: {
        peering: {
          name: 'p-q',
          request_vpc_info: { vpc_id: p.vpc.id },
          accept_vpc_info: { vpc_id: q.vpc.id, tenant_id: tenant.projectId },
        },
      },
    })
    assert.equal(requested.status, 201, JSON.stringify(requested.body))
    const peering = requested.body.peering
    assert.equal(peering.status, 'PENDING_ACCEPTANCE')
    assert.equal(pings(hostP.namespace, hostQ.ip_address), false)

    const accepted = await lp.call('PUT', `/v2.0/vpc/peerings/${peering.id}/accept`, { as: tenant.signer })
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body))
    assert.equal(accepted.body.status, 'ACTIVE')
    const route = (vpcId: string, destination: string, as?: Signer) =>
      lp.call('POST', '/v2.0/vpc/routes', {
        body: { route: { type: 'peering', nexthop: peering.id, destination, vpc_id: vpcId } },
        ...(as ? { as } : {}),
      })
    assert.equal((await route(p.vpc.id, '10.40.0.0/16')).status, 201)
    assert.equal((await route(q.vpc.id, '10.30.0.0/16', tenant.signer)).status, 201)

    // The veth pair and the routes are in place when the answers come.
    const device = `p${peering.id.replaceAll('-', '').slice(0, 12)}`
    for (const [vpc, destination] of [
      [p.vpc.id, '10.40.0.0/16'],
      [q.vpc.id, '10.30.0.0/16'],
    ]) {
      const namespace = `${prefix}vpc-${vpc}`
      assert.equal(linksIn(namespace, 'veth').filter((l) => l.ifname === device).length, 1)
      assert.ok(
        routesIn(namespace).some((r) => r.dst === destination && r.dev === device),
        JSON.stringify(routesIn(namespace)),
      )
    }
    await reaches(hostP.namespace, hostQ.ip_address)
    await reaches(hostQ.namespace, hostP.ip_address)

    assert.equal((await lp.call('DELETE', `/v2.0/vpc/peerings/${peering.id}`)).status, 204)
    assert.equal(linksIn(`${prefix}vpc-${p.vpc.id}`, 'veth').filter((l) => l.ifname === device).length, 0)
    assert.equal(pings(hostP.namespace, hostQ.ip_address), false)
  })

  test("a Cloud Stream peering with its routes: the cluster's subnet and the user's reach each other once accepted", async () => {
    const cluster = await lp.call('POST', `/v1.0/${lp.projectId}/reserved_cluster`, {
      body: { name: 'dp-cs', vpc_cidr: '172.16.0.0/16', subnet_cidr: '172.16.0.0/24', subnet_gateway: '172.16.0.1' },
    })
    assert.equal(cluster.status, 200, JSON.stringify(cluster.body))
    const clusterId = cluster.body.payload.cluster_id
    const base = `/v1.0/${lp.projectId}/reserved_cluster/${clusterId}`
    await eventually(
      () => lp.call('GET', base),
      (r) => r.body.payload?.status_code === 5,
    )
    const user = await network(lp, 'dp-user', '10.60')
    const requested = await lp.call('POST', `${base}/peering`, { body: { vpc_id: user.vpc.id, name: 'cs-user' } })
    assert.equal(requested.status, 201, JSON.stringify(requested.body))
    const peering = requested.body.peering
    // The cluster's subnet belongs to the Cloud Stream service; a test host can still be placed on it.
    const clusterSubnet = await lp.linkplane.context.db
      .selectFrom('subnets')
      .select('id')
      .where('vpc_id', '=', peering.request_vpc_info.vpc_id)
      .executeTakeFirstOrThrow()
    const inCluster = await host(lp, clusterSubnet.id)
    const inUser = await host(lp, user.l2[0].id)
    assert.equal(pings(inUser.namespace, inCluster.ip_address), false)

    assert.equal((await lp.call('PUT', `/v2.0/vpc/peerings/${peering.id}/accept`)).status, 200)
    assert.equal((await lp.call('POST', `${base}/peering/${peering.id}/route`, { body: { destination: '10.60.0.0/16' } })).status, 200)
    const back = await lp.call('POST', '/v2.0/vpc/routes', {
      body: { route: { type: 'peering', nexthop: peering.id, destination: '172.16.0.0/24', vpc_id: user.vpc.id } },
    })
    assert.equal(back.status, 201, JSON.stringify(back.body))
    await reaches(inUser.namespace, inCluster.ip_address)
    await reaches(inCluster.namespace, inUser.ip_address)
  })

  test('the admin API shows every object and whether it matches; a reconciliation repairs changes made by hand', async () => {
    const report = await lp.call('GET', '/_linkplane/dataplane')
    assert.equal(report.status, 200, JSON.stringify(report.body))
    assert.equal(report.body.driver, 'linux')
    assert.equal(report.body.prefix, prefix)
    assert.equal(report.body.in_sync, true, JSON.stringify(report.body.objects.filter((o: any) => o.state !== 'ok')))
    const kinds = new Set(report.body.objects.map((o: any) => o.kind))
    for (const kind of ['namespace', 'bridge', 'vtep', 'vxlan', 'host-port']) assert.ok(kinds.has(kind), kind)

    const bridge = report.body.objects.find((o: any) => o.kind === 'bridge' && o.resource_type === 'subnet')
    ip('-n', bridge.namespace, 'link', 'del', bridge.device)
    ip('-n', bridge.namespace, 'link', 'add', 'stray0', 'type', 'bridge')
    const changed = (await lp.call('GET', '/_linkplane/dataplane')).body
    assert.equal(changed.in_sync, false)
    assert.equal(changed.objects.find((o: any) => o.kind === 'bridge' && o.resource_id === bridge.resource_id).state, 'missing')
    assert.equal(changed.objects.find((o: any) => o.device === 'stray0').state, 'stale')

    const repaired = await lp.call('POST', '/_linkplane/dataplane/reconcile', { body: {} })
    assert.equal(repaired.status, 200)
    assert.equal(repaired.body.in_sync, true, JSON.stringify(repaired.body.objects.filter((o: any) => o.state !== 'ok')))
    assert.equal(linksIn(bridge.namespace).filter((l) => l.ifname === bridge.device).length, 1)
    assert.equal(linksIn(bridge.namespace).filter((l) => l.ifname === 'stray0').length, 0)
  })

  test('test hosts: listed, refused outside their subnet, removed with their namespace', async () => {
    const n = await network(lp, 'dp-h', '10.50')
    const made = await host(lp, n.l2[0].id, '10.50.1.77')
    const listed = await lp.call('GET', '/_linkplane/dataplane/hosts')
    assert.ok(listed.body.hosts.some((h: any) => h.id === made.id && h.ip_address === '10.50.1.77' && h.subnet_id === n.l2[0].id))
    const taken = await lp.call('POST', '/_linkplane/dataplane/hosts', { body: { subnet_id: n.l2[0].id, ip_address: '10.50.1.77' } })
    assert.equal(taken.status, 409)
    assert.equal(taken.body.error_code, 'LINKPLANE.0409')
    const outside = await lp.call('POST', '/_linkplane/dataplane/hosts', { body: { subnet_id: n.l2[0].id, ip_address: '10.51.1.7' } })
    assert.equal(outside.status, 400)
    assert.equal(outside.body.error_code, 'LINKPLANE.0400')
    const unknown = await lp.call('POST', '/_linkplane/dataplane/hosts', { body: { subnet_id: '00000000-0000-4000-8000-000000000000' } })
    assert.equal(unknown.status, 404)
    // The address is the VPC's like any other: the subnet is in use while the host is on it.
    const inUse = await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${n.vpc.id}/subnets/${n.l2[0].id}`)
    assert.equal(inUse.status, 409, JSON.stringify(inUse.body))

    assert.equal((await lp.call('DELETE', `/_linkplane/dataplane/hosts/${made.id}`)).status, 204)
    assert.deepEqual(namespacesUnder(made.namespace), [])
    assert.equal((await lp.call('DELETE', `/_linkplane/dataplane/hosts/${made.id}`)).status, 404)
    assert.equal((await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${n.vpc.id}/subnets/${n.l2[0].id}`)).status, 204)
  })
})
