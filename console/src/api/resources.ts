import type { Client } from './client'
import { Denied } from './http'
import { cursorPages, eswPages, markerPages, offsetPages } from './pages'

/**
 * The console's catalogue: per service, each kind of resource it shows, how to list it (to the last
 * page), which Show operation returns one as JSON, and which of the API's actions apply to one. The
 * tables, the detail views and the topology all read resources through here.
 */

/** Display names of the project's VPCs, subnets, ESW instances and clusters, by id. */
export type Names = Map<string, string>

export interface Column {
  title: string
  cell: (item: any, names: Names, client: Client) => string
  /** Ids, addresses, CIDRs: set in a monospace font. */
  mono?: boolean
}

export interface Action {
  label: string
  method: 'DELETE' | 'PUT'
  path: string
  /** Deleting asks for a second click. */
  destructive: boolean
}

export interface ResourceKind {
  /** In URLs: `#/r/<id>`. */
  id: string
  service: string
  title: string
  noun: string
  list: (client: Client) => Promise<any[]>
  key: (item: any) => string
  name: (item: any) => string
  /** The heading of the name column, where the name is not a name (an address). */
  nameTitle?: string
  status?: (item: any) => string
  columns: Column[]
  /** Whether the columns show other resources by name (their lists are read too). */
  showsNames?: boolean
  /** The Show operation; absent where the service has none (the listed item is shown instead). */
  showPath?: (client: Client, item: any) => string
  actions: (client: Client, item: any) => Action[]
}

export const short = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id)
const named = (names: Names, id: string) => names.get(id) ?? short(id)
const del = (path: string): Action => ({ label: 'Delete', method: 'DELETE', path, destructive: true })

const v1 = (c: Client) => `/v1/${c.projectId}`
const l2cg = (c: Client) => `/v3/${c.projectId}/l2cg`
const cs = (c: Client) => `/v1.0/${c.projectId}`

/** One side of a VPC peering: a VPC of this project by name, another project's by ids. */
function peeringSide(info: { vpc_id: string; tenant_id: string }, names: Names, client: Client): string {
  return info.tenant_id === client.projectId ? named(names, info.vpc_id) : `${short(info.vpc_id)} (project ${short(info.tenant_id)})`
}

const created = (item: any) => item.created_at ?? ''

export const vpcs: ResourceKind = {
  id: 'vpcs',
  service: 'VPC',
  title: 'VPCs',
  noun: 'VPC',
  list: (c) => markerPages(c, `${v1(c)}/vpcs`, 'vpcs'),
  key: (vpc) => vpc.id,
  name: (vpc) => vpc.name || vpc.id,
  status: (vpc) => vpc.status,
  columns: [
    { title: 'CIDR', cell: (vpc) => vpc.cidr, mono: true },
    { title: 'ID', cell: (vpc) => vpc.id, mono: true },
    { title: 'Created', cell: created },
  ],
  showPath: (c, vpc) => `${v1(c)}/vpcs/${vpc.id}`,
  actions: (c, vpc) => [del(`${v1(c)}/vpcs/${vpc.id}`)],
}

export const subnets: ResourceKind = {
  id: 'subnets',
  service: 'VPC',
  title: 'Subnets',
  noun: 'subnet',
  list: (c) => markerPages(c, `${v1(c)}/subnets`, 'subnets'),
  key: (subnet) => subnet.id,
  name: (subnet) => subnet.name,
  status: (subnet) => subnet.status,
  showsNames: true,
  columns: [
    { title: 'CIDR', cell: (s) => s.cidr, mono: true },
    { title: 'Gateway', cell: (s) => s.gateway_ip, mono: true },
    { title: 'VPC', cell: (s, names) => named(names, s.vpc_id) },
    { title: 'Free addresses', cell: (s) => String(s.available_ip_address_count) },
    { title: 'Created', cell: created },
  ],
  showPath: (c, subnet) => `${v1(c)}/subnets/${subnet.id}`,
  actions: (c, subnet) => [del(`${v1(c)}/vpcs/${subnet.vpc_id}/subnets/${subnet.id}`)],
}

export const privateIps: ResourceKind = {
  id: 'private-ips',
  service: 'VPC',
  title: 'Private IPs',
  noun: 'private IP',
  // Huawei lists addresses per subnet only.
  list: async (c) => {
    const all = await subnets.list(c)
    const perSubnet = await Promise.all(all.map((s) => markerPages(c, `${v1(c)}/subnets/${s.id}/privateips`, 'privateips')))
    return perSubnet.flat()
  },
  key: (ip) => ip.id,
  name: (ip) => ip.ip_address,
  nameTitle: 'Address',
  status: (ip) => ip.status,
  showsNames: true,
  columns: [
    { title: 'Subnet', cell: (ip, names) => named(names, ip.subnet_id) },
    { title: 'Owner', cell: (ip) => ip.device_owner || '—' },
    { title: 'ID', cell: (ip) => ip.id, mono: true },
  ],
  showPath: (c, ip) => `${v1(c)}/privateips/${ip.id}`,
  actions: (c, ip) => [del(`${v1(c)}/privateips/${ip.id}`)],
}

export const vpcPeerings: ResourceKind = {
  id: 'vpc-peerings',
  service: 'VPC',
  title: 'VPC peerings',
  noun: 'VPC peering',
  list: (c) => markerPages(c, '/v2.0/vpc/peerings', 'peerings'),
  key: (p) => p.id,
  name: (p) => p.name,
  status: (p) => p.status,
  showsNames: true,
  columns: [
    { title: 'Requester', cell: (p, names, c) => peeringSide(p.request_vpc_info, names, c) },
    { title: 'Accepter', cell: (p, names, c) => peeringSide(p.accept_vpc_info, names, c) },
    { title: 'Created', cell: created },
  ],
  showPath: (_c, p) => `/v2.0/vpc/peerings/${p.id}`,
  actions: (c, p) => [
    // Only the accepting project answers a request; the API refuses anyone else.
    ...(p.status === 'PENDING_ACCEPTANCE' && p.accept_vpc_info.tenant_id === c.projectId
      ? [
          { label: 'Accept', method: 'PUT', path: `/v2.0/vpc/peerings/${p.id}/accept`, destructive: false } as const,
          { label: 'Reject', method: 'PUT', path: `/v2.0/vpc/peerings/${p.id}/reject`, destructive: false } as const,
        ]
      : []),
    del(`/v2.0/vpc/peerings/${p.id}`),
  ],
}

export const eswInstances: ResourceKind = {
  id: 'esw-instances',
  service: 'ESW',
  title: 'Instances',
  noun: 'ESW instance',
  list: (c) => eswPages(c, `${l2cg(c)}/instances`, 'instances'),
  key: (i) => i.id,
  name: (i) => i.name,
  status: (i) => i.status,
  showsNames: true,
  columns: [
    { title: 'Flavor', cell: (i) => i.flavor_ref, mono: true },
    { title: 'Tunnel IP', cell: (i) => i.tunnel_info.tunnel_ip, mono: true },
    { title: 'Tunnel subnet', cell: (i, names) => named(names, i.tunnel_info.virsubnet_id) },
    { title: 'Created', cell: created },
  ],
  showPath: (c, i) => `${l2cg(c)}/instances/${i.id}`,
  actions: (c, i) => [del(`${l2cg(c)}/instances/${i.id}`)],
}

export const eswConnections: ResourceKind = {
  id: 'esw-connections',
  service: 'ESW',
  title: 'Connections',
  noun: 'ESW connection',
  list: (c) => eswPages(c, `${l2cg(c)}/connections`, 'connections'),
  key: (conn) => conn.id,
  name: (conn) => conn.name,
  status: (conn) => conn.status,
  showsNames: true,
  columns: [
    { title: 'Instance', cell: (conn, names) => named(names, conn.instance_id) },
    { title: 'Subnet', cell: (conn, names) => named(names, conn.virsubnet_id) },
    {
      title: 'Remote tunnels',
      cell: (conn) => conn.remote_infos.map((r: any) => `${r.tunnel_ip} VNI ${r.segmentation_id}`).join(', '),
      mono: true,
    },
    { title: 'Fixed IPs', cell: (conn) => conn.fixed_ips.join(', '), mono: true },
  ],
  showPath: (c, conn) => `${l2cg(c)}/instances/${conn.instance_id}/connections/${conn.id}`,
  actions: (c, conn) => [del(`${l2cg(c)}/instances/${conn.instance_id}/connections/${conn.id}`)],
}

export const egConnections: ResourceKind = {
  id: 'eg-connections',
  service: 'EventGrid',
  title: 'Connections',
  noun: 'EventGrid connection',
  list: (c) => offsetPages(c, `${v1(c)}/connections`),
  key: (conn) => conn.id,
  name: (conn) => conn.name,
  status: (conn) => conn.status,
  showsNames: true,
  columns: [
    { title: 'Type', cell: (conn) => conn.type },
    { title: 'VPC', cell: (conn, names) => named(names, conn.vpc_id) },
    { title: 'Subnet', cell: (conn, names) => named(names, conn.subnet_id) },
    { title: 'Created', cell: (conn) => conn.created_time },
  ],
  showPath: (c, conn) => `${v1(c)}/connections/${conn.id}`,
  actions: (c, conn) => [del(`${v1(c)}/connections/${conn.id}`)],
}

export const fgEndpoints: ResourceKind = {
  id: 'fg-vpc-endpoints',
  service: 'FunctionGraph',
  title: 'VPC endpoints',
  noun: 'FunctionGraph VPC endpoint',
  // A linkplane extension: Huawei has no read API for these, and reports no status for them.
  list: async (c) => (await c.get(`/v2/${c.projectId}/fgs/vpc-endpoint`)).body.vpc_endpoints,
  key: (e) => `${e.vpc_id}/${e.subnet_id}`,
  name: (e) => e.address,
  nameTitle: 'Address',
  showsNames: true,
  columns: [
    { title: 'VPC', cell: (e, names) => named(names, e.vpc_id) },
    { title: 'Subnet', cell: (e, names) => named(names, e.subnet_id) },
    { title: 'Endpoints', cell: (e) => e.endpoints.join(', '), mono: true },
    { title: 'Flavor', cell: (e) => e.flavor },
    { title: 'Created', cell: created },
  ],
  actions: (c, e) => [del(`/v2/${c.projectId}/fgs/vpc-endpoint/${e.vpc_id}/${e.subnet_id}`)],
}

export const csClusters: ResourceKind = {
  id: 'cs-clusters',
  service: 'Cloud Stream',
  title: 'Clusters',
  noun: 'Cloud Stream cluster',
  list: (c) => cursorPages(c, `${cs(c)}/reserved_clusters`),
  key: (cluster) => String(cluster.cluster_id),
  name: (cluster) => cluster.name,
  status: (cluster) => cluster.status_name,
  columns: [
    { title: 'ID', cell: (cluster) => String(cluster.cluster_id), mono: true },
    { title: 'SPUs used / quota', cell: (cluster) => `${cluster.spu_used} / ${cluster.maximum_spu_quota}` },
    { title: 'Cluster VPC', cell: (cluster) => cluster.vpc_cidr, mono: true },
    { title: 'Created', cell: (cluster) => new Date(cluster.created_at).toISOString() },
  ],
  showPath: (c, cluster) => `${cs(c)}/reserved_cluster/${cluster.cluster_id}`,
  actions: (c, cluster) => [del(`${cs(c)}/reserved_cluster/${cluster.cluster_id}`)],
}

/** A Cloud Stream peering with the cluster it belongs to (the API lists them per cluster). */
export interface CsPeeringRow {
  cluster: any
  peering: any
}

export const csPeerings: ResourceKind = {
  id: 'cs-peerings',
  service: 'Cloud Stream',
  title: 'Peerings',
  noun: 'Cloud Stream peering',
  list: async (c): Promise<CsPeeringRow[]> => {
    const clusters = await csClusters.list(c)
    const perCluster = await Promise.all(
      clusters.map(async (cluster) => {
        const { peerings } = (await c.get(`${cs(c)}/reserved_cluster/${cluster.cluster_id}/peering`)).body
        return peerings.map((peering: any) => ({ cluster, peering }))
      }),
    )
    return perCluster.flat()
  },
  key: (row: CsPeeringRow) => row.peering.id,
  name: (row: CsPeeringRow) => row.peering.name,
  status: (row: CsPeeringRow) => row.peering.status,
  showsNames: true,
  columns: [
    { title: 'Cluster', cell: (row: CsPeeringRow) => row.cluster.name },
    { title: 'VPC', cell: (row: CsPeeringRow, names, c) => peeringSide(row.peering.accept_vpc_info, names, c) },
    { title: 'ID', cell: (row: CsPeeringRow) => row.peering.id, mono: true },
  ],
  showPath: (c, row: CsPeeringRow) => `${cs(c)}/reserved_cluster/${row.cluster.cluster_id}/peering/${row.peering.id}`,
  actions: (c, row: CsPeeringRow) => [del(`${cs(c)}/reserved_cluster/${row.cluster.cluster_id}/peering/${row.peering.id}`)],
}

export const KINDS: ResourceKind[] = [
  vpcs,
  subnets,
  privateIps,
  vpcPeerings,
  eswInstances,
  eswConnections,
  egConnections,
  fgEndpoints,
  csClusters,
  csPeerings,
]

export const kindById = (id: string) => KINDS.find((kind) => kind.id === id)

/** Names of what other resources point at; a list the user may not read just leaves its ids as they are. */
export async function loadNames(client: Client): Promise<Names> {
  const lists = await Promise.allSettled([vpcs, subnets, eswInstances, csClusters].map((kind) => kind.list(client)))
  const names: Names = new Map()
  for (const list of lists) {
    if (list.status === 'rejected') {
      if (list.reason instanceof Denied) continue
      throw list.reason
    }
    for (const item of list.value) names.set(String(item.id ?? item.cluster_id), item.name || item.id)
  }
  return names
}
