import { cidrContains, cidrContainsIp, parseCidr, parseIpv4, PRIVATE_BLOCKS, type Cidr } from '../../platform/net/ipv4.js'
import { availabilityZones } from '../../platform/region.js'
import { VpcError } from './errors.js'

/**
 * VPC rules beyond the request schema, each failing with the documented code. Pure functions of their
 * inputs; the checks that need other rows (overlaps, names) run in the operations' transactions.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A VPC CIDR lies in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, with a mask from the block's own up
 * to /24 (the v1 API's range). An empty or absent CIDR is allowed: the VPC then takes subnets anywhere
 * in those blocks. Returns null for no CIDR.
 */
export function vpcCidr(text: string | undefined): Cidr | null {
  if (text === undefined || text === '') return null
  const cidr = parseCidr(text)
  if (!cidr || cidr.prefix > 24 || !PRIVATE_BLOCKS.some((block) => cidr.prefix >= block.prefix && cidrContains(block, cidr))) {
    throw VpcError.VpcInvalid(`cidr ${text} must be within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a mask up to /24`)
  }
  return cidr
}

export function checkEnterpriseProject(id: string | undefined): string {
  if (id === undefined || id === '0') return '0'
  if (!UUID.test(id)) throw VpcError.EnterpriseProjectInvalid()
  return id
}

/** A subnet CIDR: a network address with a mask up to /28, inside its VPC's CIDR (or a private block). */
export function subnetCidr(text: string, vpc: Cidr | null): Cidr {
  const cidr = parseCidr(text)
  if (!cidr || cidr.prefix > 28) throw VpcError.SubnetCidrInvalid()
  const inside = vpc ? cidrContains(vpc, cidr) : PRIVATE_BLOCKS.some((block) => cidrContains(block, cidr))
  if (!inside) throw VpcError.SubnetOutsideVpc()
  return cidr
}

/** The gateway is an assignable address of the subnet (not its network or broadcast address). */
export function checkGateway(cidr: Cidr, gateway: string): number {
  const ip = parseIpv4(gateway)
  if (ip === null || !cidrContainsIp(cidr, ip) || ip === cidr.first || ip === cidr.last) {
    throw VpcError.SubnetInvalid(`gateway_ip ${gateway} is not an assignable address of ${cidr.text}`)
  }
  return ip
}

export interface DnsSettings {
  primary_dns: string
  secondary_dns: string
  dnsList: string[]
}

/**
 * DNS servers: IPv4 only. `dnsList` is the full list and must include the primary and secondary servers
 * when those are given; given alone, its first two entries become the primary and secondary.
 */
export function dnsSettings(input: Partial<DnsSettings>, current?: DnsSettings): DnsSettings {
  for (const ip of [input.primary_dns, input.secondary_dns, ...(input.dnsList ?? [])]) {
    if (ip !== undefined && ip !== '' && parseIpv4(ip) === null) throw VpcError.SubnetInvalid(`DNS server ${ip} is not an IPv4 address`)
  }
  const primary = input.primary_dns ?? (input.dnsList ? (input.dnsList[0] ?? '') : (current?.primary_dns ?? ''))
  const secondary = input.secondary_dns ?? (input.dnsList ? (input.dnsList[1] ?? '') : (current?.secondary_dns ?? ''))
  if (secondary !== '' && primary === '') throw VpcError.SubnetInvalid('secondary_dns is set without primary_dns')
  const list =
    input.dnsList ??
    (input.primary_dns !== undefined || input.secondary_dns !== undefined || !current
      ? [primary, secondary].filter(Boolean)
      : current.dnsList)
  for (const server of [primary, secondary]) {
    if (server !== '' && !list.includes(server)) throw VpcError.SubnetInvalid(`dnsList must include ${server}`)
  }
  if (new Set(list).size !== list.length) throw VpcError.SubnetInvalid('dnsList has duplicate servers')
  return { primary_dns: primary, secondary_dns: secondary, dnsList: list }
}

export interface DhcpOption {
  opt_name: 'ntp' | 'addresstime'
  opt_value?: string | null
}

/** `ntp`: up to four distinct IPv4 servers, comma-separated; `addresstime`: `-1` or 1..30000 hours (`24h`). */
export function checkDhcpOptions(options: DhcpOption[]): Array<{ opt_name: string; opt_value: string | null }> {
  const names = new Set<string>()
  return options.map(({ opt_name, opt_value }) => {
    if (names.has(opt_name)) throw VpcError.SubnetInvalid(`extra_dhcp_opts has ${opt_name} twice`)
    names.add(opt_name)
    if (opt_value === undefined || opt_value === null) return { opt_name, opt_value: null }
    if (opt_name === 'ntp') {
      const servers = opt_value.split(',')
      if (servers.length > 4 || new Set(servers).size !== servers.length || servers.some((s) => parseIpv4(s) === null)) {
        throw VpcError.SubnetInvalid(`ntp must be up to 4 distinct IPv4 addresses: ${opt_value}`)
      }
    } else {
      const hours = /^([1-9]\d*)h$/.exec(opt_value)
      if (opt_value !== '-1' && !(hours && Number(hours[1]) <= 30000)) {
        throw VpcError.SubnetInvalid(`addresstime must be -1 or 1h..30000h: ${opt_value}`)
      }
    }
    return { opt_name, opt_value }
  })
}

export function checkAvailabilityZone(zone: string | undefined, region: string): string {
  if (zone === undefined || zone === '') return ''
  if (!availabilityZones(region).includes(zone)) throw VpcError.SubnetInvalid(`availability_zone ${zone} does not exist in ${region}`)
  return zone
}

/** VPC routes: only the default route, towards an address inside one of the VPC's subnets. */
export function checkRoutes(routes: Array<{ destination: string; nexthop: string }>, subnets: Cidr[]): void {
  for (const route of routes) {
    if (route.destination !== '0.0.0.0/0') throw VpcError.VpcInvalid(`route destination must be 0.0.0.0/0: ${route.destination}`)
    const nexthop = parseIpv4(route.nexthop)
    if (nexthop === null || !subnets.some((cidr) => cidrContainsIp(cidr, nexthop))) {
      throw VpcError.VpcInvalid(`route nexthop ${route.nexthop} is not an address of a subnet of this VPC`)
    }
  }
}
