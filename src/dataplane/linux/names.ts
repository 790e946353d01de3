import ipaddr from 'ipaddr.js'

/**
 * How the linux data plane names what it creates. Namespaces carry the prefix and the resource's full id
 * (`lp-vpc-<vpc id>`), so every object under the prefix says which resource it realises, and nothing else
 * on the machine is ever taken for ours: a namespace counts as linkplane's only when its whole name has
 * one of these shapes. Device names must fit the kernel's 15 characters, so inside a namespace a device is
 * a one- or two-letter kind and the first 12 hex digits of the resource id (48 random bits of a UUID).
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

export class Names {
  readonly underlay: string
  private readonly ours: RegExp

  constructor(readonly prefix: string) {
    this.underlay = `${prefix}underlay`
    const escaped = prefix.replace(/[-]/g, '\\-')
    this.ours = new RegExp(`^${escaped}(underlay|(vpc|esw|host)-${UUID})$`)
  }

  /** Whether a namespace is one this prefix's data plane made (other prefixes' and other programs' are not). */
  owns(namespace: string): boolean {
    return this.ours.test(namespace)
  }

  vpc = (vpcId: string) => `${this.prefix}vpc-${vpcId}`
  /** An ESW instance: its VTEP on the underlay, and the sockets of its connections' VXLAN devices. */
  esw = (instanceId: string) => `${this.prefix}esw-${instanceId}`
  host = (hostId: string) => `${this.prefix}host-${hostId}`
}

const short = (id: string) => id.replaceAll('-', '').slice(0, 12)

/** Device names, unique within their namespace. */
export const Devices = {
  /** The underlay's bridge, in the underlay namespace: every VTEP is a port of it. */
  underlayBridge: 'ul0',
  /** An ESW instance's leg on the underlay, inside its namespace (its peer is `instancePort`). */
  instanceLeg: 'ul',
  /** A test host's interface, inside its namespace (its peer is `hostPort`). */
  hostLeg: 'eth0',
  subnetBridge: (subnetId: string) => `br${short(subnetId)}`,
  vxlan: (connectionId: string) => `vx${short(connectionId)}`,
  instancePort: (instanceId: string) => `e${short(instanceId)}`,
  hostPort: (hostId: string) => `h${short(hostId)}`,
  /** Both ends of a peering's veth pair, one in each VPC namespace. */
  peering: (peeringId: string) => `p${short(peeringId)}`,
}

/**
 * The IPv6 link-local address a subnet's bridge answers link probes on: the bridge's gateway address may
 * be held on both sides of a stretched subnet, this one is unique to the subnet.
 */
export function probeAddress(subnetId: string): string {
  const groups = subnetId.replaceAll('-', '').slice(0, 16).match(/.{4}/g)!
  // In the kernel's own (RFC 5952) spelling, so it compares equal to what `ip -json addr` shows.
  return ipaddr.parse(`fe80::${groups.join(':')}`).toString()
}
