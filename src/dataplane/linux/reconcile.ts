import type { DataPlaneObject } from '../driver.js'
import { runSteps, type Step } from './commands.js'
import type { Names } from './names.js'
import type { Observed } from './observe.js'
import type { Desired, DesiredNamespace } from './topology.js'

/**
 * Devices the kernel puts in every new namespace: loopback, and the fallback devices of tunnel modules that
 * happen to be loaded (they cannot be deleted). None of them is linkplane's to remove.
 */
const KERNEL_DEVICES = new Set([
  'lo',
  'tunl0',
  'sit0',
  'ip6tnl0',
  'ip_vti0',
  'ip6_vti0',
  'gre0',
  'gretap0',
  'erspan0',
  'ip6gre0',
  'ip6gretap0',
  'ip6erspan0',
])

/** Kernel changes that bring the kernel to the desired state, in the order they must run. */
export interface Action {
  describe: string
  steps: Step[]
  /** Removals whose failure does not matter (the object went away with another one, say). */
  tolerateFailure?: boolean
}

export interface Comparison {
  objects: DataPlaneObject[]
  actions: Action[]
  /** Namespaces to be created (the underlay among them means link events must be followed anew). */
  creates: string[]
}

/**
 * Compares what the database asks for with what the kernel holds, as a controller does: every namespace
 * and device under the prefix that nothing asks for is stale and removed (whole namespaces first), every
 * missing or different object is (re)made, in dependency order: namespaces, bridges, VTEPs, VXLAN
 * devices, host ports, peerings.
 */
export function compare(names: Names, desired: Desired, observed: Observed): Comparison {
  const objects: DataPlaneObject[] = []
  const actions: Action[] = []
  const wanted = new Set(desired.namespaces.map((n) => n.name))

  for (const namespace of [...observed.namespaces].sort()) {
    if (wanted.has(namespace)) continue
    objects.push(stale('namespace', namespace, '', 'nothing in the database asks for it'))
    actions.push({
      describe: `delete namespace ${namespace}`,
      steps: [{ tool: 'ip', args: ['netns', 'del', namespace] }],
      tolerateFailure: true,
    })
  }

  const creates: string[] = []
  for (const ns of desired.namespaces) {
    const present = observed.namespaces.has(ns.name)
    objects.push({ ...about('namespace', ns.resourceType, ns.resourceId, ns.name, ''), state: present ? 'ok' : 'missing', detail: '' })
    if (!present) {
      creates.push(ns.name)
      actions.push({ describe: `create namespace ${ns.name}`, steps: namespaceSteps(names, ns) })
    }
  }
  // Link events of every namespace reach the monitor in the underlay through an id there (a new underlay
  // needs them all anew). Harmless when the id exists already.
  const needIds = creates.includes(names.underlay) ? [...wanted] : creates
  for (const name of needIds.filter((n) => n !== names.underlay)) {
    actions.push({
      describe: `follow ${name} from the underlay`,
      steps: [{ tool: 'ip', namespace: names.underlay, args: ['netns', 'set', name, 'auto'] }],
      tolerateFailure: true,
    })
  }

  const claimed = new Set(desired.units.flatMap((u) => u.ends.map((e) => `${e.namespace}/${e.device}`)))
  for (const [namespace, links] of [...observed.links].sort(([a], [b]) => a.localeCompare(b))) {
    if (!wanted.has(namespace)) continue
    for (const device of links.keys()) {
      if (KERNEL_DEVICES.has(device) || claimed.has(`${namespace}/${device}`)) continue
      objects.push(stale('device', namespace, device, 'nothing in the database asks for it'))
      actions.push({
        describe: `delete ${device} in ${namespace}`,
        steps: [{ tool: 'ip', namespace, args: ['link', 'del', device] }],
        tolerateFailure: true,
      })
    }
  }

  for (const unit of desired.units) {
    const { problems, repair } = unit.check(observed)
    const existing = unit.ends.filter((e) => observed.links.get(e.namespace)?.has(e.device))
    const state = problems.length === 0 ? 'ok' : existing.length === 0 ? 'missing' : 'different'
    const [first] = unit.ends
    objects.push({
      ...about(unit.kind, unit.resourceType, unit.resourceId, first.namespace, first.device),
      state,
      detail: problems.join('; '),
    })
    if (state === 'ok') continue
    const name = `${unit.kind} ${first.device} in ${first.namespace}`
    if (repair && existing.length === unit.ends.length) {
      actions.push({ describe: `repair ${name}`, steps: repair })
      continue
    }
    for (const end of existing) {
      actions.push({
        describe: `delete ${end.device} in ${end.namespace}`,
        steps: [{ tool: 'ip', namespace: end.namespace, args: ['link', 'del', end.device] }],
        tolerateFailure: true,
      })
    }
    actions.push({ describe: `create ${name}`, steps: unit.create })
  }

  for (const conflict of desired.conflicts) {
    objects.push({
      ...about(conflict.kind, conflict.resourceType, conflict.resourceId, '', ''),
      state: 'conflict',
      detail: conflict.detail,
    })
  }
  return { objects, actions, creates }
}

/** Runs the actions in order; answers the failures (an action that fails does not stop the others). */
export async function apply(actions: Action[]): Promise<string[]> {
  const errors: string[] = []
  for (const action of actions) {
    try {
      await runSteps(action.steps)
    } catch (error) {
      if (!action.tolerateFailure) errors.push(`${action.describe}: ${(error as Error).message}`)
    }
  }
  return errors
}

/**
 * A new namespace: loopback up; in a VPC's, forwarding on (its subnets and peerings route through it),
 * proxy ARP on new devices (a peering's veth answers for the addresses routed through it, without
 * addresses of its own) with no delay.
 */
function namespaceSteps(names: Names, ns: DesiredNamespace): Step[] {
  const steps: Step[] = [
    { tool: 'ip', args: ['netns', 'add', ns.name] },
    { tool: 'ip', namespace: ns.name, args: ['link', 'set', 'lo', 'up'] },
  ]
  if (ns.kind === 'vpc') {
    steps.push({
      tool: 'sysctl',
      namespace: ns.name,
      settings: { 'net.ipv4.ip_forward': '1', 'net.ipv4.conf.default.proxy_arp': '1', 'net.ipv4.neigh.default.proxy_delay': '0' },
    })
  }
  return steps
}

function about(kind: string, resourceType: string, resourceId: string, namespace: string, device: string) {
  return { kind, resource_type: resourceType, resource_id: resourceId, namespace, device }
}

function stale(kind: string, namespace: string, device: string, detail: string): DataPlaneObject {
  return { ...about(kind, '', '', namespace, device), state: 'stale', detail }
}
