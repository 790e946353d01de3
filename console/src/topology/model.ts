import type { Client } from '../api/client'
import { Denied } from '../api/http'
import {
  csClusters,
  csPeerings,
  egConnections,
  eswConnections,
  eswInstances,
  fgEndpoints,
  subnets,
  vpcPeerings,
  vpcs,
  type CsPeeringRow,
  type ResourceKind,
} from '../api/resources'

/** Everything the topology draws, read through the API as the signed-in user. */
export interface TopologyData {
  projectId: string
  vpcs: any[]
  subnets: any[]
  peerings: any[]
  instances: any[]
  connections: any[]
  egConnections: any[]
  fgEndpoints: any[]
  clusters: any[]
  csPeerings: CsPeeringRow[]
  /** The lists IAM did not let the user read, with IAM's reason: not drawn, and said so. */
  denied: Array<{ kind: ResourceKind; message: string }>
}

export async function loadTopology(client: Client): Promise<TopologyData> {
  const kinds = [vpcs, subnets, vpcPeerings, eswInstances, eswConnections, egConnections, fgEndpoints, csClusters, csPeerings]
  const results = await Promise.allSettled(kinds.map((kind) => kind.list(client)))
  const denied: TopologyData['denied'] = []
  const lists = results.map((result, i) => {
    if (result.status === 'fulfilled') return result.value
    if (!(result.reason instanceof Denied)) throw result.reason
    denied.push({ kind: kinds[i], message: result.reason.details.message })
    return []
  })
  const [vpcList, subnetList, peerings, instances, connections, eg, fg, clusters, cs] = lists
  return {
    projectId: client.projectId,
    vpcs: vpcList,
    subnets: subnetList,
    peerings,
    instances,
    connections,
    egConnections: eg,
    fgEndpoints: fg,
    clusters,
    csPeerings: cs,
    denied,
  }
}
