import { parseCidr } from '../../platform/net/ipv4.js'
import type { Step } from './commands.js'
import type { Intent } from './intent.js'
import { Devices, probeAddress, type Names } from './names.js'
import { deviceKey, type Observed } from './observe.js'

/**
 * How the database's networks become kernel objects, as a pure function of the intent:
 *
 * - the underlay: a namespace with one bridge (`ul0`); every ESW instance's VTEP is a port of it, so every
 *   tunnel IP reaches every other one, and nothing else;
 * - a VPC: a namespace (IP forwarding on, so its subnets reach each other and its peerings);
 * - a subnet: a bridge in its VPC's namespace, holding the gateway address (and a link-local address that
 *   answers link probes);
 * - an ESW instance: a namespace with a veth leg on the underlay holding its tunnel IP (`/32`, everything
 *   on-link); the sockets of its connections' VXLAN devices live here;
 * - an ESW connection: a `vxlan` device (id = VNI, local = the instance's tunnel IP, remote = the remote
 *   tunnel IP, dstport = the tunnel port), created in the instance's namespace and moved to the subnet's
 *   bridge, so crossing connections make their two subnets one layer-2 domain;
 * - a test host: a namespace with `eth0` on the subnet's bridge, its address, and the gateway as default route;
 * - an ACTIVE peering: a veth pair between the two VPC namespaces (proxy ARP answers for what is routed
 *   through it) with the routes the API holds, each in its VPC.
 *
 * MTUs: the underlay carries 1550-byte frames so that VXLAN devices (50 bytes of headers) keep 1500.
 */
export interface Unit {
  kind: 'bridge' | 'vtep' | 'vxlan' | 'host-port' | 'peering'
  resourceType: string
  resourceId: string
  /** The devices it is made of; the first one names it. Recreating it deletes them first. */
  ends: Array<{ namespace: string; device: string }>
  /** What differs from the kernel (nothing: it matches), and the steps that repair it in place, if any. */
  check(observed: Observed): { problems: string[]; repair?: Step[] }
  create: Step[]
}

export interface DesiredNamespace {
  name: string
  kind: 'underlay' | 'vpc' | 'esw' | 'host'
  resourceType: string
  resourceId: string
}

/** Something the database asks for that cannot be realised as asked (the first one asking wins). */
export interface Conflict {
  kind: Unit['kind']
  resourceType: string
  resourceId: string
  detail: string
}

export interface Desired {
  namespaces: DesiredNamespace[]
  units: Unit[]
  conflicts: Conflict[]
  /** VXLAN devices with more than one remote: their other remotes are FDB entries, read back to compare. */
  floods: Array<{ namespace: string; device: string }>
}

const UNDERLAY_MTU = '1550'
const OVERLAY_MTU = '1500'

export function desiredTopology(names: Names, intent: Intent): Desired {
  const desired: Desired = {
    namespaces: [{ name: names.underlay, kind: 'underlay', resourceType: 'underlay', resourceId: '' }],
    units: [underlayBridge(names)],
    conflicts: [],
    floods: [],
  }
  const subnets = new Map<string, { vpcId: string; cidr: string; gatewayIp: string }>()
  for (const network of intent.networks) {
    desired.namespaces.push({ name: names.vpc(network.vpcId), kind: 'vpc', resourceType: 'vpc', resourceId: network.vpcId })
    for (const subnet of network.subnets) {
      subnets.set(subnet.id, { vpcId: network.vpcId, cidr: subnet.cidr, gatewayIp: subnet.gatewayIp })
      desired.units.push(subnetBridge(names, network.vpcId, subnet))
    }
  }

  const vteps = new Map<string, string>()
  const tunnelIps = new Map<string, string>()
  for (const instance of intent.instances) {
    desired.namespaces.push({ name: names.esw(instance.id), kind: 'esw', resourceType: 'esw-instance', resourceId: instance.id })
    tunnelIps.set(instance.id, instance.tunnelIp)
    const holder = vteps.get(instance.tunnelIp)
    if (holder) {
      // Two VTEPs with one address on one underlay would answer each other's traffic.
      desired.conflicts.push({
        kind: 'vtep',
        resourceType: 'esw-instance',
        resourceId: instance.id,
        detail: `tunnel IP ${instance.tunnelIp} is already the VTEP of instance ${holder}`,
      })
      continue
    }
    vteps.set(instance.tunnelIp, instance.id)
    desired.units.push(vtep(names, instance.id, instance.tunnelIp))
  }

  for (const connection of intent.connections) {
    const subnet = subnets.get(connection.subnetId)
    const local = tunnelIps.get(connection.instanceId)
    if (!subnet || local === undefined) {
      desired.conflicts.push({
        kind: 'vxlan',
        resourceType: 'esw-connection',
        resourceId: connection.id,
        detail: !subnet ? `subnet ${connection.subnetId} is not ready` : `instance ${connection.instanceId} is not active`,
      })
      continue
    }
    const unit = vxlan(names, connection, subnet.vpcId, local)
    desired.units.push(unit)
    if (connection.remotes.length > 1) desired.floods.push(unit.ends[0])
  }

  for (const host of intent.hosts) {
    const subnet = subnets.get(host.subnetId)
    if (!subnet) {
      desired.conflicts.push({
        kind: 'host-port',
        resourceType: 'test-host',
        resourceId: host.id,
        detail: `subnet ${host.subnetId} is not ready`,
      })
      continue
    }
    desired.namespaces.push({ name: names.host(host.id), kind: 'host', resourceType: 'test-host', resourceId: host.id })
    desired.units.push(hostPort(names, host, subnet))
  }

  const vpcs = new Set(intent.networks.map((n) => n.vpcId))
  for (const peering of intent.peerings) {
    const missing = peering.vpcIds.find((id) => !vpcs.has(id))
    if (missing) {
      desired.conflicts.push({
        kind: 'peering',
        resourceType: 'vpc-peering',
        resourceId: peering.id,
        detail: `VPC ${missing} is not ready`,
      })
      continue
    }
    desired.units.push(peeringLink(names, peering))
  }
  return desired
}

/** `address/prefix` of an address inside a CIDR. */
const withPrefix = (address: string, cidr: string) => `${address}/${parseCidr(cidr)!.prefix}`

function ip(namespace: string | undefined, ...args: string[]): Step {
  return { tool: 'ip', namespace, args }
}

/** The problems of one device: missing, of another kind, down, on another bridge, without an address. */
function deviceProblems(
  observed: Observed,
  namespace: string,
  device: string,
  want: { kind: string; master?: string; addresses?: string[] },
): string[] {
  const link = observed.links.get(namespace)?.get(device)
  if (!link) return [`${device} is missing`]
  const problems = []
  if (link.kind !== want.kind) problems.push(`${device} is ${link.kind ? `a ${link.kind}` : 'of no kind'}, not a ${want.kind}`)
  if (!link.up) problems.push(`${device} is down`)
  if (want.master !== undefined && link.master !== want.master) problems.push(`${device} is not a port of ${want.master}`)
  for (const address of want.addresses ?? []) if (!link.addresses.includes(address)) problems.push(`${device} lacks ${address}`)
  return problems
}

function routeProblems(observed: Observed, namespace: string, route: { dst: string; dev?: string; gateway?: string }): string[] {
  const found = (observed.routes.get(namespace) ?? []).some(
    (r) =>
      r.dst === route.dst &&
      (route.dev === undefined || r.dev === route.dev) &&
      (route.gateway === undefined || r.gateway === route.gateway),
  )
  return found ? [] : [`no route ${route.dst}${route.gateway ? ` via ${route.gateway}` : ''}${route.dev ? ` dev ${route.dev}` : ''}`]
}

function underlayBridge(names: Names): Unit {
  const namespace = names.underlay
  const device = Devices.underlayBridge
  return {
    kind: 'bridge',
    resourceType: 'underlay',
    resourceId: '',
    ends: [{ namespace, device }],
    check: (observed) => ({ problems: deviceProblems(observed, namespace, device, { kind: 'bridge' }) }),
    create: [
      ip(namespace, 'link', 'add', device, 'mtu', UNDERLAY_MTU, 'type', 'bridge'),
      ip(namespace, 'link', 'set', device, 'alias', 'linkplane-underlay'),
      ip(namespace, 'link', 'set', device, 'up'),
    ],
  }
}

function subnetBridge(names: Names, vpcId: string, subnet: { id: string; cidr: string; gatewayIp: string }): Unit {
  const namespace = names.vpc(vpcId)
  const device = Devices.subnetBridge(subnet.id)
  const addresses = [withPrefix(subnet.gatewayIp, subnet.cidr), `${probeAddress(subnet.id)}/64`]
  return {
    kind: 'bridge',
    resourceType: 'subnet',
    resourceId: subnet.id,
    ends: [{ namespace, device }],
    check: (observed) => ({ problems: deviceProblems(observed, namespace, device, { kind: 'bridge', addresses }) }),
    create: [
      ip(namespace, 'link', 'add', device, 'type', 'bridge'),
      ip(namespace, 'link', 'set', device, 'alias', `subnet:${subnet.id}`),
      ip(namespace, 'addr', 'add', addresses[0], 'dev', device),
      // No duplicate address detection: the address is usable at once, and unique to the subnet.
      ip(namespace, 'addr', 'add', addresses[1], 'dev', device, 'nodad'),
      ip(namespace, 'link', 'set', device, 'up'),
    ],
  }
}

function vtep(names: Names, instanceId: string, tunnelIp: string): Unit {
  const namespace = names.esw(instanceId)
  const leg = Devices.instanceLeg
  const port = Devices.instancePort(instanceId)
  return {
    kind: 'vtep',
    resourceType: 'esw-instance',
    resourceId: instanceId,
    ends: [
      { namespace, device: leg },
      { namespace: names.underlay, device: port },
    ],
    check: (observed) => ({
      problems: [
        ...deviceProblems(observed, namespace, leg, { kind: 'veth', addresses: [`${tunnelIp}/32`] }),
        ...routeProblems(observed, namespace, { dst: 'default', dev: leg }),
        ...deviceProblems(observed, names.underlay, port, { kind: 'veth', master: Devices.underlayBridge }),
      ],
    }),
    create: [
      ip(
        namespace,
        'link',
        'add',
        leg,
        'mtu',
        UNDERLAY_MTU,
        'type',
        'veth',
        'peer',
        'name',
        port,
        'mtu',
        UNDERLAY_MTU,
        'netns',
        names.underlay,
      ),
      ip(namespace, 'addr', 'add', `${tunnelIp}/32`, 'dev', leg),
      ip(namespace, 'link', 'set', leg, 'up'),
      // Every tunnel IP is on-link: the underlay is one layer-2 segment, whatever subnets the VTEPs come from.
      ip(namespace, 'route', 'add', 'default', 'dev', leg),
      ip(names.underlay, 'link', 'set', port, 'master', Devices.underlayBridge),
      ip(names.underlay, 'link', 'set', port, 'alias', `esw-instance:${instanceId}`),
      ip(names.underlay, 'link', 'set', port, 'up'),
    ],
  }
}

function vxlan(names: Names, connection: Intent['connections'][number], vpcId: string, localIp: string): Unit {
  const namespace = names.vpc(vpcId)
  const device = Devices.vxlan(connection.id)
  const bridge = Devices.subnetBridge(connection.subnetId)
  const [first, ...others] = connection.remotes
  const port = first.port
  return {
    kind: 'vxlan',
    resourceType: 'esw-connection',
    resourceId: connection.id,
    ends: [{ namespace, device }],
    check: (observed) => {
      const problems = deviceProblems(observed, namespace, device, { kind: 'vxlan', master: bridge })
      const tunnel = observed.links.get(namespace)?.get(device)?.vxlan
      if (tunnel) {
        if (tunnel.id !== connection.vni) problems.push(`${device} has VNI ${tunnel.id}, not ${connection.vni}`)
        if (tunnel.local !== localIp) problems.push(`${device} has local ${tunnel.local ?? 'none'}, not ${localIp}`)
        if (tunnel.remote !== first.ip) problems.push(`${device} has remote ${tunnel.remote ?? 'none'}, not ${first.ip}`)
        if (tunnel.port !== port) problems.push(`${device} has port ${tunnel.port}, not ${port}`)
        const floods = observed.floods.get(deviceKey(namespace, device)) ?? []
        for (const other of others) if (!floods.includes(other.ip)) problems.push(`${device} does not flood to ${other.ip}`)
      }
      return { problems }
    },
    create: [
      // Created in the instance's namespace, where its VTEP is: the device's UDP socket stays there when the
      // device moves to the VPC's namespace (and goes away with the instance's namespace).
      ip(
        names.esw(connection.instanceId),
        'link',
        'add',
        device,
        'mtu',
        OVERLAY_MTU,
        'type',
        'vxlan',
        'id',
        String(connection.vni),
        'local',
        localIp,
        'remote',
        first.ip,
        'dstport',
        String(port),
      ),
      ip(names.esw(connection.instanceId), 'link', 'set', device, 'netns', namespace),
      ip(namespace, 'link', 'set', device, 'master', bridge),
      ip(namespace, 'link', 'set', device, 'alias', `esw-connection:${connection.id}`),
      ip(namespace, 'link', 'set', device, 'up'),
      // Further remote VTEPs get every broadcast too (head-end replication).
      ...others.map((r): Step => ({ tool: 'bridge', namespace, args: ['fdb', 'append', '00:00:00:00:00:00', 'dev', device, 'dst', r.ip] })),
    ],
  }
}

function hostPort(names: Names, host: Intent['hosts'][number], subnet: { vpcId: string; cidr: string; gatewayIp: string }): Unit {
  const namespace = names.host(host.id)
  const vpcNamespace = names.vpc(subnet.vpcId)
  const leg = Devices.hostLeg
  const port = Devices.hostPort(host.id)
  const bridge = Devices.subnetBridge(host.subnetId)
  const address = withPrefix(host.ipAddress, subnet.cidr)
  return {
    kind: 'host-port',
    resourceType: 'test-host',
    resourceId: host.id,
    ends: [
      { namespace, device: leg },
      { namespace: vpcNamespace, device: port },
    ],
    check: (observed) => ({
      problems: [
        ...deviceProblems(observed, namespace, leg, { kind: 'veth', addresses: [address] }),
        ...routeProblems(observed, namespace, { dst: 'default', gateway: subnet.gatewayIp }),
        ...deviceProblems(observed, vpcNamespace, port, { kind: 'veth', master: bridge }),
      ],
    }),
    create: [
      ip(namespace, 'link', 'add', leg, 'type', 'veth', 'peer', 'name', port, 'netns', vpcNamespace),
      ip(namespace, 'addr', 'add', address, 'dev', leg),
      ip(namespace, 'link', 'set', leg, 'up'),
      ip(namespace, 'route', 'add', 'default', 'via', subnet.gatewayIp),
      ip(vpcNamespace, 'link', 'set', port, 'master', bridge),
      ip(vpcNamespace, 'link', 'set', port, 'alias', `test-host:${host.id}`),
      ip(vpcNamespace, 'link', 'set', port, 'up'),
    ],
  }
}

function peeringLink(names: Names, peering: Intent['peerings'][number]): Unit {
  const device = Devices.peering(peering.id)
  const sides = peering.vpcIds.map((vpcId) => ({
    namespace: names.vpc(vpcId),
    destinations: peering.routes.filter((r) => r.vpcId === vpcId).map((r) => r.destination),
  }))
  const [a, b] = sides
  return {
    kind: 'peering',
    resourceType: 'vpc-peering',
    resourceId: peering.id,
    ends: sides.map((s) => ({ namespace: s.namespace, device })),
    check: (observed) => {
      const problems = sides.flatMap((s) => deviceProblems(observed, s.namespace, device, { kind: 'veth' }))
      if (problems.length > 0) return { problems }
      // The veth is in place: routes added or removed since are changed in place, traffic keeps flowing.
      const repair: Step[] = []
      for (const side of sides) {
        const present = (observed.routes.get(side.namespace) ?? []).filter((r) => r.dev === device).map((r) => r.dst)
        for (const dst of side.destinations.filter((d) => !present.includes(d))) {
          problems.push(`no route ${dst} in ${side.namespace}`)
          repair.push(ip(side.namespace, 'route', 'add', dst, 'dev', device))
        }
        for (const dst of present.filter((d) => !side.destinations.includes(d))) {
          problems.push(`route ${dst} in ${side.namespace} is not asked for`)
          repair.push(ip(side.namespace, 'route', 'del', dst, 'dev', device))
        }
      }
      return { problems, repair }
    },
    create: [
      ip(a.namespace, 'link', 'add', device, 'type', 'veth', 'peer', 'name', device, 'netns', b.namespace),
      ...sides.flatMap((side) => [
        ip(side.namespace, 'link', 'set', device, 'alias', `vpc-peering:${peering.id}`),
        ip(side.namespace, 'link', 'set', device, 'up'),
        ...side.destinations.map((dst) => ip(side.namespace, 'route', 'add', dst, 'dev', device)),
      ]),
    ],
  }
}
