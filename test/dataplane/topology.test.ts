/** The linux data plane's plan, without a kernel: names, the desired objects, and the comparison. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Intent } from '../../src/dataplane/linux/intent.js'
import { crossingPeers } from '../../src/dataplane/linux/intent.js'
import { Names, probeAddress } from '../../src/dataplane/linux/names.js'
import type { Observed, ObservedLink } from '../../src/dataplane/linux/observe.js'
import { compare } from '../../src/dataplane/linux/reconcile.js'
import { desiredTopology } from '../../src/dataplane/linux/topology.js'

const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`
const names = new Names('lp-')

const intent: Intent = {
  networks: [
    { vpcId: id(1), subnets: [{ id: id(11), cidr: '10.10.1.0/24', gatewayIp: '10.10.1.1' }] },
    { vpcId: id(2), subnets: [{ id: id(21), cidr: '10.10.1.0/24', gatewayIp: '10.10.1.1' }] },
  ],
  instances: [
    { id: id(3), tunnelIp: '10.10.0.10' },
    { id: id(4), tunnelIp: '10.10.0.20' },
    { id: id(5), tunnelIp: '10.10.0.10' },
  ],
  connections: [
    { id: id(6), instanceId: id(3), vpcId: id(1), subnetId: id(11), vni: 7, remotes: [{ ip: '10.10.0.20', port: 4789 }] },
    { id: id(7), instanceId: id(4), vpcId: id(2), subnetId: id(21), vni: 7, remotes: [{ ip: '10.10.0.10', port: 4789 }] },
  ],
  peerings: [{ id: id(8), vpcIds: [id(1), id(2)], routes: [{ vpcId: id(1), destination: '10.20.0.0/16' }] }],
  hosts: [{ id: id(9), vpcId: id(1), subnetId: id(11), ipAddress: '10.10.1.9' }],
}

const empty = (): Observed => ({ namespaces: new Set(), links: new Map(), routes: new Map(), floods: new Map() })
const link = (name: string, kind: string, extra: Partial<ObservedLink> = {}): ObservedLink => ({
  name,
  kind,
  up: true,
  running: true,
  addresses: [],
  ...extra,
})

describe('names', () => {
  test('a namespace is ours only when its whole name has one of our shapes, under our prefix', () => {
    assert.equal(names.owns('lp-underlay'), true)
    assert.equal(names.owns(names.vpc(id(1))), true)
    assert.equal(names.owns(names.esw(id(1))), true)
    assert.equal(names.owns(names.host(id(1))), true)
    for (const other of ['lp-x-underlay', 'lpt1234-underlay', `lpt1234-vpc-${id(1)}`, 'lp-vpc-1', `lp-vpc-${id(1)}x`, 'docker', 'lp-']) {
      assert.equal(names.owns(other), false, other)
    }
  })

  test('probe addresses are link-local, unique per subnet, in the kernel spelling', () => {
    assert.equal(probeAddress('0a0b0000-0001-4000-8000-000000000000'), 'fe80::a0b:0:1:4000')
    assert.notEqual(probeAddress(id(11)), probeAddress(id(21)))
  })
})

describe('desired topology', () => {
  test('one namespace per VPC, instance and host, and the underlay; a tunnel IP held twice is a conflict', () => {
    const desired = desiredTopology(names, intent)
    assert.deepEqual(
      desired.namespaces.map((n) => n.name),
      ['lp-underlay', names.vpc(id(1)), names.vpc(id(2)), names.esw(id(3)), names.esw(id(4)), names.esw(id(5)), names.host(id(9))],
    )
    assert.deepEqual(
      desired.units.map((u) => `${u.kind} ${u.resourceId}`),
      [
        'bridge ',
        `bridge ${id(11)}`,
        `bridge ${id(21)}`,
        `vtep ${id(3)}`,
        `vtep ${id(4)}`,
        `vxlan ${id(6)}`,
        `vxlan ${id(7)}`,
        `host-port ${id(9)}`,
        `peering ${id(8)}`,
      ],
    )
    assert.deepEqual(desired.conflicts, [
      {
        kind: 'vtep',
        resourceType: 'esw-instance',
        resourceId: id(5),
        detail: `tunnel IP 10.10.0.10 is already the VTEP of instance ${id(3)}`,
      },
    ])
  })

  test("crossing connections are each other's peers; a connection to a VTEP that does not point back has none", () => {
    assert.deepEqual(
      crossingPeers(intent, intent.connections[0]).map((c) => c.id),
      [id(7)],
    )
    const oneWay = {
      ...intent,
      connections: [intent.connections[0], { ...intent.connections[1], remotes: [{ ip: '10.10.0.99', port: 4789 }] }],
    }
    assert.deepEqual(crossingPeers(oneWay, oneWay.connections[0]), [])
  })
})

describe('comparison', () => {
  test('an empty kernel: everything missing; namespaces are made before what goes in them', () => {
    const { objects, actions, creates } = compare(names, desiredTopology(names, intent), empty())
    assert.ok(objects.filter((o) => o.state !== 'conflict').every((o) => o.state === 'missing'))
    assert.equal(creates[0], 'lp-underlay')
    const firstUnit = actions.findIndex((a) => a.describe.startsWith('create bridge'))
    const lastNamespace = actions.map((a) => a.describe.startsWith('create namespace')).lastIndexOf(true)
    assert.ok(lastNamespace < firstUnit)
  })

  test('what nothing asks for is stale: namespaces under the prefix, devices in our namespaces', () => {
    const observed = empty()
    const strayNamespace = names.vpc(id(99))
    observed.namespaces = new Set(['lp-underlay', strayNamespace])
    observed.links.set(
      'lp-underlay',
      new Map([
        ['lo', link('lo', '')],
        ['ul0', link('ul0', 'bridge')],
        ['stray', link('stray', 'bridge')],
      ]),
    )
    const nothing: Intent = { networks: [], instances: [], connections: [], peerings: [], hosts: [] }
    const { objects, actions } = compare(names, desiredTopology(names, nothing), observed)
    assert.deepEqual(
      objects.filter((o) => o.state === 'stale').map((o) => `${o.kind} ${o.namespace} ${o.device}`),
      [`namespace ${strayNamespace} `, 'device lp-underlay stray'],
    )
    assert.equal(actions[0].describe, `delete namespace ${strayNamespace}`)
    assert.ok(objects.some((o) => o.kind === 'bridge' && o.device === 'ul0' && o.state === 'ok'))
  })

  test('a peering whose veth is in place gets a missing route added in place, not a new veth', () => {
    const desired = desiredTopology(names, intent)
    const peering = desired.units.find((u) => u.kind === 'peering')!
    const observed = empty()
    for (const end of peering.ends) {
      observed.namespaces.add(end.namespace)
      observed.links.set(end.namespace, new Map([[end.device, link(end.device, 'veth')]]))
      observed.routes.set(end.namespace, [])
    }
    const { problems, repair } = peering.check(observed)
    assert.deepEqual(problems, [`no route 10.20.0.0/16 in ${names.vpc(id(1))}`])
    assert.deepEqual(repair, [
      { tool: 'ip', namespace: names.vpc(id(1)), args: ['route', 'add', '10.20.0.0/16', 'dev', peering.ends[0].device] },
    ])
  })
})
