import { availabilityZones } from '../../platform/region.js'

/**
 * What ESW offers in a region: flavors (which cap the connections of an instance), availability zones and
 * the instance quota. Fixed data, as Huawei lists it: small/medium/large with 1/3/6 connections.
 */
export interface FlavorSpec {
  id: string
  name: string
  connections: number
  bandwidth: number
  pps: number
}

export const FLAVORS: FlavorSpec[] = [
  { id: '1', name: 'l2cg.small.ha', connections: 1, bandwidth: 3, pps: 500000 },
  { id: '2', name: 'l2cg.medium.ha', connections: 3, bandwidth: 5, pps: 1000000 },
  { id: '3', name: 'l2cg.large.ha', connections: 6, bandwidth: 10, pps: 2000000 },
]

export const flavorByName = (name: string): FlavorSpec | undefined => FLAVORS.find((f) => f.name === name)

/** Every flavor is sold in every zone of the region (Terraform's tests need at least two). */
export const eswZones = (region: string): string[] => availabilityZones(region)

/** linkplane: Huawei's example shows a quota of 21 within 1..1000; each project here may have 20 instances. */
export const INSTANCE_QUOTA = { quota: 20, min: 1, max: 1000 }
