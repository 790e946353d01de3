import { cidrContains, cidrContainsIp, cidrsOverlap, parseCidr, parseIpv4, PRIVATE_BLOCKS, type Cidr } from '../../platform/net/ipv4.js'
import { availabilityZones } from '../../platform/region.js'
import { VpcError } from './errors.js'
import type { DHCP_OPTION_NAMES } from './schemas.js'

/**
 * VPC rules beyond the request schema, each failing with the documented code. Pure functions of their
 * inputs; the checks that need other rows (overlaps, names) run in the operations' transactions.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A VPC CIDR lies in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, with a mask from the block's own up
 * to `maxPrefix` (/24 in v1, /28 in v3). An empty or absent CIDR is allowed: the VPC then takes subnets
 * anywhere in those blocks. Returns null for no CIDR.
 */
export function vpcCidr(text: string | undefined, maxPrefix = 24): Cidr | null {
  if (text === undefined || text === '') return null
  const cidr = parseCidr(text)
  if (!cidr || cidr.prefix > maxPrefix || !PRIVATE_BLOCKS.some((block) => cidr.prefix >= block.prefix && cidrContains(block, cidr))) {
    throw VpcError.VpcInvalid(`cidr ${text} must be within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a mask up to /${maxPrefix}`)
  }
  return cidr
}

/** Ranges Huawei refuses as secondary CIDRs (AddVpcExtendCidr): special-purpose blocks and two it reserves. */
const REFUSED_EXTEND_BLOCKS = [
  '100.64.0.0/10',
  '214.0.0.0/7',
  '198.18.0.0/15',
  '169.254.0.0/16',
  '0.0.0.0/8',
  '127.0.0.0/8',
  '240.0.0.0/4',
  '172.31.0.0/16',
  '192.168.0.0/16',
].map((text) => parseCidr(text)!)

/** How many secondary CIDRs a VPC may have (Huawei's quota) and the masks they may have (linkplane's choice: a /28 still holds a subnet). */
export const MAX_EXTEND_CIDRS = 5
const EXTEND_PREFIXES = { min: 8, max: 28 }

/**
 * A secondary CIDR: any IPv4 block (public ranges included, as Huawei allows) outside the refused ranges,
 * overlapping neither the VPC's primary CIDR nor its other secondary CIDRs (`taken`).
 */
export function extendCidr(text: string, taken: Cidr[]): Cidr {
  const cidr = parseCidr(text)
  if (!cidr || cidr.prefix < EXTEND_PREFIXES.min || cidr.prefix > EXTEND_PREFIXES.max) {
    throw VpcError.VpcInvalid(
      `extend_cidrs ${text} is not an IPv4 CIDR with a mask from /${EXTEND_PREFIXES.min} to /${EXTEND_PREFIXES.max}`,
    )
  }
  const refused = REFUSED_EXTEND_BLOCKS.find((block) => cidrsOverlap(block, cidr))
  if (refused) throw VpcError.VpcInvalid(`extend_cidrs ${text} overlaps the reserved range ${refused.text}`)
  const overlap = taken.find((block) => cidrsOverlap(block, cidr))
  if (overlap) throw VpcError.VpcInvalid(`extend_cidrs ${text} overlaps the VPC's CIDR ${overlap.text}`)
  return cidr
}

export function checkEnterpriseProject(id: string | undefined): string {
  if (id === undefined || id === '0') return '0'
  if (!UUID.test(id)) throw VpcError.EnterpriseProjectInvalid()
  return id
}

/**
 * A subnet CIDR: a network address with a mask up to /28, inside one of its VPC's blocks (the primary
 * CIDR or a secondary one); a VPC without a primary CIDR takes subnets in any private block as well.
 */
export function subnetCidr(text: string, vpc: Cidr | null, secondary: Cidr[] = []): Cidr {
  const cidr = parseCidr(text)
  if (!cidr || cidr.prefix > 28) throw VpcError.SubnetCidrInvalid()
  const blocks = [...(vpc ? [vpc] : PRIVATE_BLOCKS), ...secondary]
  if (!blocks.some((block) => cidrContains(block, cidr))) throw VpcError.SubnetOutsideVpc()
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
  opt_name: (typeof DHCP_OPTION_NAMES)[number]
  opt_value?: string | null
}

const LEASE_TIME = /^([1-9]\d*)h$/
/** A DNS domain name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
const DOMAIN_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

/**
 * DHCP options, as stored: `ntp` up to four distinct IPv4 servers, comma-separated; `addresstime` and
 * `ipv6_addresstime` `-1` or 1..30000 hours (`24h`); `domainname` a domain name. A null value removes the
 * option (Huawei: null cancels the setting; an empty string is refused).
 */
export function checkDhcpOptions(options: DhcpOption[]): Array<{ opt_name: string; opt_value: string }> {
  const names = new Set<string>()
  const kept: Array<{ opt_name: string; opt_value: string }> = []
  for (const { opt_name, opt_value } of options) {
    if (names.has(opt_name)) throw VpcError.SubnetInvalid(`extra_dhcp_opts has ${opt_name} twice`)
    names.add(opt_name)
    if (opt_value === undefined || opt_value === null) continue
    if (opt_name === 'ntp') {
      const servers = opt_value.split(',')
      if (servers.length > 4 || new Set(servers).size !== servers.length || servers.some((s) => parseIpv4(s) === null)) {
        throw VpcError.SubnetInvalid(`ntp must be up to 4 distinct IPv4 addresses: ${opt_value}`)
      }
    } else if (opt_name === 'domainname') {
      if (!DOMAIN_NAME.test(opt_value)) throw VpcError.SubnetInvalid(`domainname must be a domain name: ${opt_value}`)
    } else {
      const hours = LEASE_TIME.exec(opt_value)
      if (opt_value !== '-1' && !(hours && Number(hours[1]) <= 30000)) {
        throw VpcError.SubnetInvalid(`${opt_name} must be -1 or 1h..30000h: ${opt_value}`)
      }
    }
    kept.push({ opt_name, opt_value })
  }
  return kept
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
