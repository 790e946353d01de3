import {
  csClusters,
  csPeerings,
  egConnections,
  eswConnections,
  eswInstances,
  fgEndpoints,
  short,
  subnets,
  vpcPeerings,
  vpcs,
  type ResourceKind,
} from '../api/resources'
import { href } from '../route'
import type { TopologyData } from './model'

/**
 * Where everything goes on the topology, in columns read left to right: other accounts' VPCs and Cloud
 * Stream clusters (peered in), the project's VPCs with their subnets and what sits in them (EventGrid
 * connections, FunctionGraph endpoints), ESW instances with their layer-2 connections, and the remote
 * tunnel endpoints those connections reach. Boxes in the side columns are placed level with what they
 * connect to. Pure geometry: the page draws it.
 */

export type BoxKind = 'vpc' | 'subnet' | 'eg' | 'fg' | 'external-vpc' | 'cluster' | 'instance' | 'connection' | 'remote'
export type EdgeKind = 'peering' | 'l2' | 'tunnel' | 'vtep'

export interface Box {
  id: string
  kind: BoxKind
  x: number
  y: number
  w: number
  h: number
  title: string
  subtitle: string
  status?: string
  /** The resource's detail page. */
  href?: string
}

export interface Edge {
  id: string
  kind: EdgeKind
  /** SVG path data. */
  path: string
  status?: string
  label?: string
  labelAt?: Point
  /** The detail page of the peering or connection it stands for. */
  href?: string
}

export interface Column {
  title: string
  x: number
}

export interface Layout {
  width: number
  height: number
  columns: Column[]
  boxes: Box[]
  edges: Edge[]
}

interface Point {
  x: number
  y: number
}

const MARGIN = 24
const TOP = MARGIN + 30
const GAP_X = 90
const GAP_Y = 22
const HEAD = 50
const PAD = 12
const SUBNET_HEAD = 44
const CHIP = 32
const ROW = 34
const WIDTH = { side: 220, vpc: 370, instance: 290, remote: 170 }

const detail = (kind: ResourceKind, item: any) => href.detail(kind, kind.key(item))

/**
 * Places `items` top to bottom, each as close as it can be to the height it wants, never overlapping;
 * those that want no particular height go last.
 */
function stack<T extends { want?: number; h: number }>(items: T[]): Array<T & { y: number }> {
  let next = TOP
  return [...items]
    .sort((a, b) => (a.want ?? Infinity) - (b.want ?? Infinity))
    .map((item) => {
      const y = Math.max(item.want ?? next, next)
      next = y + item.h + GAP_Y
      return { ...item, y }
    })
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined)

/** A curve between two points, leaving and arriving horizontally. */
function curve(a: Point, b: Point): { path: string; mid: Point } {
  const dx = Math.max(40, Math.abs(b.x - a.x) / 2)
  const c1 = { x: a.x + (b.x >= a.x ? dx : -dx), y: a.y }
  const c2 = { x: b.x + (b.x >= a.x ? -dx : dx), y: b.y }
  return { path: `M${a.x},${a.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${b.x},${b.y}`, mid: bezierMid(a, c1, c2, b) }
}

/** A loop between two points on the same side of a column (`side` -1: left, 1: right), within `room`. */
function loop(a: Point, b: Point, side: -1 | 1, room = GAP_X - 20): { path: string; mid: Point } {
  const reach = side * Math.min(room, 36 + Math.abs(b.y - a.y) / 6)
  const c1 = { x: a.x + reach, y: a.y }
  const c2 = { x: b.x + reach, y: b.y }
  return { path: `M${a.x},${a.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${b.x},${b.y}`, mid: bezierMid(a, c1, c2, b) }
}

const bezierMid = (a: Point, c1: Point, c2: Point, b: Point): Point => ({
  x: (a.x + 3 * c1.x + 3 * c2.x + b.x) / 8,
  y: (a.y + 3 * c1.y + 3 * c2.y + b.y) / 8,
})

/** Several lines meeting one side of a box land a little apart. */
class Ports {
  private used = new Map<string, number>()
  constructor(
    private readonly first: number,
    private readonly step: number,
  ) {}
  next(box: Box, side: 'left' | 'right'): Point {
    const key = `${box.id}:${side}`
    const n = this.used.get(key) ?? 0
    this.used.set(key, n + 1)
    return { x: side === 'left' ? box.x : box.x + box.w, y: box.y + Math.min(this.first + n * this.step, box.h - 8) }
  }
}

export function layout(data: TopologyData): Layout {
  const boxes: Box[] = []
  const edges: Edge[] = []
  // Which columns there are: the side ones only when something goes in them.
  const csPeeringIds = new Set(data.csPeerings.map((row) => row.peering.id))
  const vpcIds = new Set(data.vpcs.map((vpc) => vpc.id))
  /** A side of a peering that is one of the project's VPCs (drawn in the VPC column). */
  const mine = (info: { tenant_id: string; vpc_id: string }) => info.tenant_id === data.projectId && vpcIds.has(info.vpc_id)
  const vpcPeeringList = data.peerings.filter((p) => !csPeeringIds.has(p.id))
  const hasSide = data.clusters.length > 0 || vpcPeeringList.some((p) => mine(p.request_vpc_info) !== mine(p.accept_vpc_info))
  const csPeeringsOut = data.csPeerings.filter((row) => !mine(row.peering.accept_vpc_info))
  const localTunnels = new Map(data.instances.map((instance) => [instance.tunnel_info.tunnel_ip, instance]))
  const remoteIps = [
    ...new Set(data.connections.flatMap((c) => c.remote_infos.map((r: any) => r.tunnel_ip)).filter((ip) => !localTunnels.has(ip))),
  ]
  const columns: Column[] = []
  // Room on the left for the loops from clusters to other accounts' VPCs.
  let x = hasSide ? MARGIN + 40 : MARGIN
  const column = (title: string, width: number) => {
    columns.push({ title, x })
    const at = x
    x += width + GAP_X
    return at
  }
  const sideX = hasSide ? column('Other accounts · Cloud Stream', WIDTH.side) : 0
  const vpcX = column('VPCs and subnets', WIDTH.vpc)
  const instanceX = data.instances.length ? column('ESW instances', WIDTH.instance) : 0
  const remoteX = remoteIps.length ? column('Remote tunnels', WIDTH.remote) : 0
  const width = x - GAP_X + MARGIN

  // The project's VPCs, each with its subnets, each with what sits in it.
  const vpcBoxes = new Map<string, Box>()
  const subnetBoxes = new Map<string, Box>()
  let y = TOP
  for (const vpc of data.vpcs) {
    const top = y
    const vpcBox: Box = {
      id: `vpc:${vpc.id}`,
      kind: 'vpc',
      x: vpcX,
      y: top,
      w: WIDTH.vpc,
      h: 0,
      title: vpc.name || short(vpc.id),
      subtitle: vpc.cidr,
      status: vpc.status,
      href: detail(vpcs, vpc),
    }
    boxes.push(vpcBox)
    vpcBoxes.set(vpc.id, vpcBox)
    let inner = top + HEAD
    for (const subnet of data.subnets.filter((s) => s.vpc_id === vpc.id)) {
      const chips: Array<Omit<Box, 'x' | 'y' | 'w' | 'h'>> = [
        ...data.egConnections
          .filter((c) => c.subnet_id === subnet.id)
          .map((c) => ({
            id: `eg:${c.id}`,
            kind: 'eg' as const,
            title: c.name,
            subtitle: 'EventGrid',
            status: c.status,
            href: detail(egConnections, c),
          })),
        ...data.fgEndpoints
          .filter((e) => e.subnet_id === subnet.id)
          .map((e) => ({
            id: `fg:${e.vpc_id}/${e.subnet_id}`,
            kind: 'fg' as const,
            title: 'FunctionGraph endpoint',
            subtitle: e.endpoints.join(', '),
            href: detail(fgEndpoints, e),
          })),
      ]
      const h = SUBNET_HEAD + chips.length * CHIP + (chips.length ? 8 : 0)
      const subnetBox: Box = {
        id: `subnet:${subnet.id}`,
        kind: 'subnet',
        x: vpcX + PAD,
        y: inner,
        w: WIDTH.vpc - 2 * PAD,
        h,
        title: subnet.name,
        subtitle: subnet.cidr,
        status: subnet.status,
        href: detail(subnets, subnet),
      }
      boxes.push(subnetBox)
      subnetBoxes.set(subnet.id, subnetBox)
      chips.forEach((chip, i) =>
        boxes.push({ ...chip, x: vpcX + 2 * PAD, y: inner + SUBNET_HEAD + i * CHIP, w: WIDTH.vpc - 4 * PAD, h: CHIP - 6 }),
      )
      inner += h + 10
    }
    vpcBox.h = Math.max(inner - top + PAD - 10, HEAD + 6)
    y = top + vpcBox.h + GAP_Y
  }

  const vpcPorts = new Ports(26, 14)
  const subnetPorts = new Ports(22, 10)

  // Peered in from the left: other accounts' VPCs and Cloud Stream clusters. Peerings between two VPCs
  // of the project loop on the left of the VPC column.
  const sideBox = (id: string, kind: BoxKind, title: string, subtitle: string, status?: string, link?: string) => ({
    id,
    kind,
    x: sideX,
    w: WIDTH.side,
    h: HEAD + 4,
    title,
    subtitle,
    status,
    href: link,
  })
  const externals = new Map<string, { box: Omit<Box, 'y'>; targets: string[] }>()
  /** Another account's VPC, known only by the ids a peering names; `local` is the project's VPC it peers with. */
  const external = (remote: { vpc_id: string; tenant_id: string }, local?: string) => {
    const id = `external-vpc:${remote.vpc_id}`
    const entry = externals.get(id) ?? {
      box: sideBox(id, 'external-vpc', `VPC ${short(remote.vpc_id)}`, `project ${short(remote.tenant_id)}`),
      targets: [],
    }
    if (local) entry.targets.push(local)
    externals.set(id, entry)
  }
  for (const peering of vpcPeeringList) {
    const [a, b] = [peering.request_vpc_info, peering.accept_vpc_info]
    if (mine(a) !== mine(b)) external(mine(a) ? b : a, mine(a) ? a.vpc_id : b.vpc_id)
  }
  // A cluster peered with another account's VPC: that VPC is drawn beside the cluster.
  for (const row of csPeeringsOut) external(row.peering.accept_vpc_info)
  const clusterEntries = data.clusters.map((cluster) => ({
    box: sideBox(
      `cluster:${cluster.cluster_id}`,
      'cluster',
      cluster.name,
      `Cloud Stream · ${cluster.vpc_cidr}`,
      cluster.status_name,
      detail(csClusters, cluster),
    ),
    targets: data.csPeerings
      .filter((row) => row.cluster.cluster_id === cluster.cluster_id && mine(row.peering.accept_vpc_info))
      .map((row) => row.peering.accept_vpc_info.vpc_id),
  }))
  const sideEntries = [...externals.values(), ...clusterEntries].map((entry) => ({
    ...entry,
    h: entry.box.h,
    want: mean(entry.targets.map((t) => vpcBoxes.get(t)!.y)),
  }))
  for (const { box, y } of stack(sideEntries)) boxes.push({ ...box, y })
  const boxById = new Map(boxes.map((box) => [box.id, box]))

  for (const peering of vpcPeeringList) {
    const [a, b] = [peering.request_vpc_info, peering.accept_vpc_info]
    const link = { status: peering.status, label: peering.name, href: detail(vpcPeerings, peering) }
    if (mine(a) && mine(b)) {
      const { path, mid } = loop(vpcPorts.next(vpcBoxes.get(a.vpc_id)!, 'left'), vpcPorts.next(vpcBoxes.get(b.vpc_id)!, 'left'), -1)
      edges.push({ id: `peering:${peering.id}`, kind: 'peering', path, labelAt: mid, ...link })
    } else if (mine(a) || mine(b)) {
      const [local, remote] = mine(a) ? [a, b] : [b, a]
      const from = boxById.get(`external-vpc:${remote.vpc_id}`)!
      const { path, mid } = curve({ x: from.x + from.w, y: from.y + 26 }, vpcPorts.next(vpcBoxes.get(local.vpc_id)!, 'left'))
      edges.push({ id: `peering:${peering.id}`, kind: 'peering', path, labelAt: mid, ...link })
    }
  }
  for (const row of data.csPeerings) {
    const target = row.peering.accept_vpc_info
    const from = boxById.get(`cluster:${row.cluster.cluster_id}`)!
    const { path, mid } = mine(target)
      ? curve({ x: from.x + from.w, y: from.y + 26 }, vpcPorts.next(vpcBoxes.get(target.vpc_id)!, 'left'))
      : loop({ x: from.x, y: from.y + 26 }, { x: sideX, y: boxById.get(`external-vpc:${target.vpc_id}`)!.y + 26 }, -1, 50)
    const link = { status: row.peering.status, label: row.peering.name, href: detail(csPeerings, row) }
    edges.push({ id: `peering:${row.peering.id}`, kind: 'peering', path, labelAt: mid, ...link })
  }

  // ESW instances on the right of the VPCs, each beside the subnets it reaches, with its connections.
  const subnetY = (id: string) => subnetBoxes.get(id)?.y
  const placedInstances = stack(
    data.instances.map((instance) => {
      const own = data.connections.filter((c) => c.instance_id === instance.id)
      const ys = [instance.tunnel_info.virsubnet_id, ...own.map((c) => c.virsubnet_id)].map(subnetY).filter((v) => v !== undefined)
      return { instance, own, h: HEAD + own.length * ROW + (own.length ? PAD : 0), want: mean(ys as number[]) }
    }),
  )
  const rowPoints = new Map<string, { left: Point; right: Point }>()
  const instanceBoxes = new Map<string, Box>()
  for (const { instance, own, y: top, h } of placedInstances) {
    const box: Box = {
      id: `instance:${instance.id}`,
      kind: 'instance',
      x: instanceX,
      y: top,
      w: WIDTH.instance,
      h,
      title: instance.name,
      subtitle: `VTEP ${instance.tunnel_info.tunnel_ip}`,
      status: instance.status,
      href: detail(eswInstances, instance),
    }
    boxes.push(box)
    instanceBoxes.set(instance.id, box)
    own.forEach((connection, i) => {
      const rowTop = top + HEAD + i * ROW
      const vni = [...new Set(connection.remote_infos.map((r: any) => r.segmentation_id))].join(', ')
      boxes.push({
        id: `connection:${connection.id}`,
        kind: 'connection',
        x: instanceX + PAD,
        y: rowTop,
        w: WIDTH.instance - 2 * PAD,
        h: ROW - 6,
        title: connection.name,
        subtitle: `VNI ${vni}`,
        status: connection.status,
        href: detail(eswConnections, connection),
      })
      const mid = rowTop + (ROW - 6) / 2
      rowPoints.set(connection.id, { left: { x: instanceX, y: mid }, right: { x: instanceX + WIDTH.instance, y: mid } })
    })
    const tunnelSubnet = subnetBoxes.get(instance.tunnel_info.virsubnet_id)
    if (tunnelSubnet) {
      const { path } = curve(subnetPorts.next(tunnelSubnet, 'right'), { x: box.x, y: box.y + 24 })
      edges.push({ id: `vtep:${instance.id}`, kind: 'vtep', path })
    }
  }
  for (const connection of data.connections) {
    const points = rowPoints.get(connection.id)
    const subnet = subnetBoxes.get(connection.virsubnet_id)
    if (points && subnet) {
      const { path } = curve(subnetPorts.next(subnet, 'right'), points.left)
      edges.push({ id: `l2:${connection.id}`, kind: 'l2', path, status: connection.status, href: detail(eswConnections, connection) })
    }
  }

  // The far ends of the tunnels: another ESW instance of this project, or a remote endpoint.
  const placedRemotes = stack(
    remoteIps.map((ip) => {
      const ys = data.connections
        .filter((c) => c.remote_infos.some((r: any) => r.tunnel_ip === ip))
        .map((c) => rowPoints.get(c.id)?.right.y)
        .filter((v) => v !== undefined) as number[]
      const want = mean(ys)
      return { ip, h: HEAD - 6, want: want === undefined ? undefined : want - 20 }
    }),
  )
  for (const { ip, y: top, h } of placedRemotes) {
    boxes.push({ id: `remote:${ip}`, kind: 'remote', x: remoteX, y: top, w: WIDTH.remote, h, title: ip, subtitle: 'remote VTEP' })
  }
  const remoteBoxes = new Map(boxes.filter((b) => b.kind === 'remote').map((b) => [b.title, b]))
  const instanceById = new Map(data.instances.map((instance) => [instance.id, instance]))
  /** The connection at the far end of a tunnel between two instances of the project: same VNI, tunnel IPs crossing. */
  const peerOf = (connection: any, remote: any) => {
    const far = localTunnels.get(remote.tunnel_ip)
    const near = instanceById.get(connection.instance_id)
    if (!far || !near) return undefined
    return data.connections.find(
      (c) =>
        c.instance_id === far.id &&
        c.remote_infos.some((r: any) => r.segmentation_id === remote.segmentation_id && r.tunnel_ip === near.tunnel_info.tunnel_ip),
    )
  }
  for (const connection of data.connections) {
    const from = rowPoints.get(connection.id)?.right
    if (!from) continue
    for (const remote of connection.remote_infos) {
      const id = `tunnel:${connection.id}:${remote.tunnel_ip}`
      const link = { status: connection.status, label: `VNI ${remote.segmentation_id}`, href: detail(eswConnections, connection) }
      const far = localTunnels.get(remote.tunnel_ip)
      const peer = peerOf(connection, remote)
      let to: Point | undefined
      if (peer) {
        // Both ends are here: one line joins the two connections (drawn once, from the first of them).
        if (peer.id < connection.id) continue
        to = rowPoints.get(peer.id)?.right
      } else if (far) {
        const box = instanceBoxes.get(far.id)
        to = box && { x: box.x + box.w, y: box.y + 24 }
      }
      if (to) {
        const { path, mid } = loop(from, to, 1)
        edges.push({ id, kind: 'tunnel', path, labelAt: mid, ...link })
      } else if (remoteBoxes.has(remote.tunnel_ip)) {
        const box = remoteBoxes.get(remote.tunnel_ip)!
        const { path, mid } = curve(from, { x: box.x, y: box.y + box.h / 2 })
        edges.push({ id, kind: 'tunnel', path, labelAt: mid, ...link })
      }
    }
  }

  const height = Math.max(TOP + 40, ...boxes.map((box) => box.y + box.h)) + MARGIN
  return { width, height, columns, boxes, edges }
}
