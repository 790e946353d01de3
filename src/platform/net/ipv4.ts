import ipaddr from 'ipaddr.js'

/**
 * IPv4 addresses as numbers (0 .. 2^32-1), which is what allocation and containment need. Parsing is
 * strict: four decimal parts, no leading zeros, no shorthand (`10.1` or `010.0.0.1` are not addresses).
 */
export function parseIpv4(text: unknown): number | null {
  if (typeof text !== 'string' || !ipaddr.IPv4.isValidFourPartDecimal(text)) return null
  const [a, b, c, d] = ipaddr.IPv4.parse(text).octets
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')
}

export interface Cidr {
  text: string
  prefix: number
  /** The network address. */
  first: number
  /** The broadcast address. */
  last: number
}

/** Parses `a.b.c.d/n`; null unless the address is the network address of the block (no host bits set). */
export function parseCidr(text: unknown): Cidr | null {
  if (typeof text !== 'string') return null
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text)
  if (!match) return null
  const address = parseIpv4(match[1])
  const prefix = Number(match[2])
  if (address === null || prefix > 32 || (match[2].length > 1 && match[2].startsWith('0'))) return null
  const size = 2 ** (32 - prefix)
  if (address % size !== 0) return null
  return { text, prefix, first: address, last: address + size - 1 }
}

export const cidrContains = (outer: Cidr, inner: Cidr): boolean => outer.first <= inner.first && inner.last <= outer.last

export const cidrContainsIp = (cidr: Cidr, ip: number): boolean => cidr.first <= ip && ip <= cidr.last

export const cidrsOverlap = (a: Cidr, b: Cidr): boolean => a.first <= b.last && b.first <= a.last

/** The private blocks of RFC 1918, in which Huawei VPCs and subnets live. */
export const PRIVATE_BLOCKS: Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((text) => parseCidr(text)!)
