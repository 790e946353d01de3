import { parseIpv4 } from '../../platform/net/ipv4.js'
import { eswZones } from './catalogue.js'
import { EswError } from './errors.js'
import { VXLAN_PORT } from './schemas.js'

/** ESW rules beyond the request schema that need no other rows; each fails with its l2cg code. */

export function checkIpv4(field: string, text: string): void {
  if (parseIpv4(text) === null) throw EswError.InvalidRequest(`${field} ${text} is not an IPv4 address`)
}

/** Both zones must be zones of the region where the flavors are sold (primary may equal standby). */
export function checkZones(zones: { primary: string; standby: string }, region: string): void {
  const known = eswZones(region)
  for (const zone of [zones.primary, zones.standby]) {
    if (!known.includes(zone)) throw EswError.InvalidRequest(`availability zone ${zone} is not one of ${known.join(', ')}`)
  }
}

export interface RemoteInfoInput {
  segmentation_id: number
  tunnel_ip: string
  tunnel_port?: number | null
}

export interface RemoteInfo {
  segmentation_id: number
  tunnel_ip: string
  tunnel_port: number
  tunnel_type: 'vxlan'
}

/**
 * Remote endpoints of one connection: valid IPv4 VTEPs, each named once (a repeated VNI + remote tunnel IP
 * is l2cg.9935), all on one VNI. linkplane's choice: a connection stretches one subnet into one VXLAN
 * segment, so its remote endpoints share the VNI (Huawei's own example lists two endpoints on one VNI);
 * different VNIs in one connection are refused with l2cg.9900. The remote tunnel IP may be the
 * instance's own tunnel IP (Terraform's acceptance test does that).
 */
export function remoteInfos(input: RemoteInfoInput[]): { segmentationId: number; infos: RemoteInfo[] } {
  const segmentationId = input[0].segmentation_id
  const seen = new Set<string>()
  const infos = input.map((info, i) => {
    checkIpv4(`remote_infos[${i}].tunnel_ip`, info.tunnel_ip)
    if (info.segmentation_id !== segmentationId) {
      throw EswError.InvalidRequest('all remote_infos of a connection must have the same segmentation_id')
    }
    if (seen.has(info.tunnel_ip)) throw EswError.TunnelRepeated()
    seen.add(info.tunnel_ip)
    return {
      segmentation_id: info.segmentation_id,
      tunnel_ip: info.tunnel_ip,
      tunnel_port: info.tunnel_port ?? VXLAN_PORT,
      tunnel_type: 'vxlan' as const,
    }
  })
  return { segmentationId, infos }
}

/** `fixed_ips`: exactly two IPv4 addresses, different from each other; absent means "choose them". */
export function checkFixedIps(fixedIps: string[] | undefined): string[] | undefined {
  if (fixedIps === undefined) return undefined
  if (fixedIps.length !== 2) throw EswError.InvalidRequest(`fixed_ips must hold exactly 2 addresses, not ${fixedIps.length}`)
  fixedIps.forEach((ip, i) => checkIpv4(`fixed_ips[${i}]`, ip))
  if (fixedIps[0] === fixedIps[1]) throw EswError.InvalidRequest('fixed_ips must be two different addresses')
  return fixedIps
}
