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
  const denied: TopologyData['denied'] = []
  const read = async (kind: ResourceKind): Promise<any[]> => {
    try {
      return await kind.list(client)
    } catch (error) {
      if (!(error instanceof Denied)) throw error
      denied.push({ kind, message: error.details.message })
      return []
    }
  }
  const lists = await Promise.all(
    [vpcs, subnets, vpcPeerings, eswInstances, eswConnections, egConnections, fgEndpoints, csClusters, csPeerings].map(read),
  )
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
