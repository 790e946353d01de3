/**
 * The README's Terraform examples, run as written. Every ```hcl block of the README is, word for word, a file
 * of examples/terraform/ and every file is in the README; the provider block takes its keys from variables.
 * The VPC suites (vpc.test.ts, vpc-subnet.test.ts) replay vpc.tf from the file's values; here the service
 * examples (esw.tf, eg.tf, fgs.tf, cs.tf), parsed with an HCL parser (@cdktn/hcl2json), are applied together
 * through the provider's replayed calls (esw-provider.ts, eg-provider.ts, fgs-provider.ts, cs-provider.ts)
 * with the values written in them and the references between them resolved as Terraform resolves them, through
 * the endpoints provider.tf sets; a plan after the apply finds no change; destroy removes it all, down to the
 * VPCs. Their VPCs and subnets are created through the VPC API with the files' values.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, test } from 'node:test'
import { eventually, listeningTestApp, type TestApp } from '../support/app.js'
import { EXAMPLES_DIR, exampleProvider, planDiff, terraformExample, type ProviderClient } from '../support/terraform.js'
import { readySubnet, readyVpc } from '../support/vpc.js'
import * as cs from './cs-provider.js'
import * as eg from './eg-provider.js'
import * as esw from './esw-provider.js'
import { vpcEndpointBody, vpcEndpoints } from './fgs-provider.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const SERVICE_EXAMPLES = ['esw.tf', 'eg.tf', 'fgs.tf', 'cs.tf']

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const blocks = [...readme.matchAll(/^```hcl\n([\s\S]*?)^```$/gm)].map((match) => match[1])
const files = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.tf'))

test('every hcl block of the README is an example file, and every example file is in the README', () => {
  assert.ok(blocks.length >= 2 && files.length >= 2)
  const contents = new Map(files.map((name) => [name, readFileSync(new URL(name, EXAMPLES_DIR), 'utf8')]))
  for (const block of blocks) {
    assert.ok([...contents.values()].includes(block), `a README hcl block is not an example file verbatim:\n${block}`)
  }
  for (const [name, content] of contents) assert.ok(blocks.includes(content), `${name} is not in the README`)
})

test('every example parses as HCL, and the provider block takes its keys from variables', async () => {
  for (const name of files) await terraformExample(name)
  const provider = (await terraformExample('provider.tf')).provider.huaweicloud[0]
  assert.deepEqual(
    [provider.access_key, provider.secret_key, provider.project_id],
    ['${var.access_key}', '${var.secret_key}', '${var.project_id}'],
    'no secret is written into the README',
  )
  assert.deepEqual([provider.skip_check_website_type, provider.skip_check_upgrade], [true, true])
})

type Block = Record<string, any>
type Scope = Record<string, any>

/** Terraform's references in the values (`${huaweicloud_vpc.esw.id}`, `${data.x.y.list[0].name}`), resolved from what was applied. */
function resolveRefs(value: unknown, scope: Scope): any {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value
    const match = /^\$\{([\w.[\]]+)\}$/.exec(value)
    assert.ok(match, `the examples use plain references only, not ${value}`)
    return match[1].split(/\.|(?=\[)/).reduce((at: any, part: string) => {
      const index = /^\[(\d+)\]$/.exec(part)
      const next = index ? at?.[Number(index[1])] : at?.[part]
      assert.notEqual(next, undefined, `${match[1]}: nothing applied yet holds ${part}`)
      return next
    }, scope)
  }
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, scope))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, scope)]))
  return value
}

let lp: TestApp & { url: string }
let provider: ProviderClient
before(async () => {
  lp = await listeningTestApp()
  // The provider block sets every service's endpoint to linkplane's one address: one client serves them all.
  const example = await exampleProvider(lp.url)
  for (const service of ['vpc', 'esw', 'eg', 'fgs', 'cs']) assert.ok(example.endpoints[service], `provider.tf sets the ${service} endpoint`)
  provider = example.client('esw')
})
after(() => lp.close())

/** What applying one block leaves: its attributes (for references), a plan check, and its destroy. */
interface Applied {
  attributes: Record<string, unknown>
  plan: () => Promise<string[]>
  destroy: () => Promise<void>
}

const sorted = (list: unknown) => [...((list as string[] | undefined) ?? [])].sort()

/** Each type of the examples, in dependency order, applied as the provider applies it. */
const APPLY: Array<[string, (config: Block) => Promise<Applied>]> = [
  [
    'huaweicloud_vpc',
    async (config) => {
      const vpc = await readyVpc(lp, { name: config.name, cidr: config.cidr })
      return {
        attributes: { id: vpc.id },
        plan: async () => planDiff(config, (await lp.call('GET', `/v1/${lp.projectId}/vpcs/${vpc.id}`)).body.vpc),
        destroy: async () => {
          await eventually(
            () => lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${vpc.id}`),
            (r) => r.status === 204,
          )
        },
      }
    },
  ],
  [
    'huaweicloud_vpc_subnet',
    async (config) => {
      const subnet = await readySubnet(lp, { name: config.name, cidr: config.cidr, gateway_ip: config.gateway_ip, vpc_id: config.vpc_id })
      return {
        attributes: { id: subnet.id, cidr: subnet.cidr },
        plan: async () => planDiff(config, (await lp.call('GET', `/v1/${lp.projectId}/subnets/${subnet.id}`)).body.subnet),
        destroy: async () => {
          const deleted = await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${config.vpc_id}/subnets/${subnet.id}`)
          assert.equal(deleted.status, 204, `nothing holds an address in ${config.name} any more: ${JSON.stringify(deleted.body)}`)
        },
      }
    },
  ],
  [
    'data.huaweicloud_esw_flavors',
    async () => {
      const flavors = (await provider.request('GET', `${esw.l2cg(lp.projectId)}/flavors`)).body.flavors
      return { attributes: { flavors }, plan: async () => [], destroy: async () => {} }
    },
  ],
  [
    'huaweicloud_esw_instance',
    async (config) => {
      const { id, read } = await esw.createInstance(provider, lp.projectId, config as esw.InstanceConfig)
      const show = async () => (await provider.request('GET', `${esw.l2cg(lp.projectId)}/instances/${id}`)).body
      assert.deepEqual(planDiff(config, esw.instanceState(read.body)), [])
      return {
        attributes: { id },
        plan: async () => planDiff(config, esw.instanceState(await show())),
        destroy: () => esw.deleteInstance(provider, lp.projectId, id).then(() => undefined),
      }
    },
  ],
  [
    'huaweicloud_esw_connection',
    async (config) => {
      const { id, read } = await esw.createConnection(provider, lp.projectId, config as esw.ConnectionConfig)
      const expected = { ...config, fixed_ips: sorted(config.fixed_ips) }
      const path = `${esw.l2cg(lp.projectId)}/instances/${config.instance_id}/connections/${id}`
      assert.deepEqual(planDiff(expected, esw.connectionState(read.body)), [])
      return {
        attributes: { id },
        plan: async () => planDiff(expected, esw.connectionState((await provider.request('GET', path)).body)),
        destroy: () => esw.deleteConnection(provider, lp.projectId, config.instance_id, id).then(() => undefined),
      }
    },
  ],
  [
    'huaweicloud_eg_connection',
    async (config) => {
      const { id } = await eg.createConnection(provider, lp.projectId, config as eg.ConnectionConfig)
      return {
        attributes: { id },
        plan: async () => planDiff(config, eg.connectionState(await eg.readConnection(provider, lp.projectId, id))),
        destroy: () => eg.deleteConnection(provider, lp.projectId, id).then(() => undefined),
      }
    },
  ],
  [
    'huaweicloud_fgs_vpc_endpoint',
    async (config) => {
      const created = await provider.request('POST', vpcEndpoints(lp.projectId), { jsonBody: vpcEndpointBody(config as any) })
      assert.equal(created.body.endpoints.length, 2)
      assert.ok(created.body.address)
      // No read API: the state holds the arguments and the create answer, so nothing can drift.
      return {
        attributes: { address: created.body.address },
        plan: async () => [],
        destroy: async () => {
          await provider.request('DELETE', `${vpcEndpoints(lp.projectId)}/${config.vpc_id}/${config.subnet_id}`)
        },
      }
    },
  ],
  [
    'huaweicloud_cs_cluster_v1',
    async (config) => {
      // buildCsClusterV1CreateParameters: the non-empty arguments, under the API's names.
      const names: Record<string, string> = { description: 'desc', max_spu_num: 'maximum_spu_quota', name: 'name' }
      const params = Object.fromEntries(
        Object.entries(config)
          .filter(([, v]) => v !== '' && v !== 0)
          .map(([k, v]) => [names[k] ?? k, v]),
      )
      const { id } = await cs.createCluster(provider, lp.projectId, params)
      return {
        attributes: { id },
        plan: async () => planDiff(config, cs.clusterState((await cs.readCluster(provider, lp.projectId, id)).body)),
        destroy: () => cs.deleteCluster(provider, lp.projectId, id),
      }
    },
  ],
  [
    'huaweicloud_cs_peering_connect_v1',
    async (config) => {
      const target = config.target_vpc_info[0]
      const params = { ...(target.project_id ? { accept_tenant_id: target.project_id } : {}), name: config.name, vpc_id: target.vpc_id }
      const { id } = await cs.createPeering(provider, lp.projectId, config.cluster_id, params)
      const { cluster_id: _inConfigOnly, ...read } = config
      return {
        attributes: { id },
        plan: async () => planDiff(read, cs.peeringState((await cs.readPeering(provider, lp.projectId, config.cluster_id, id)).body)),
        destroy: () => cs.deletePeering(provider, lp.projectId, config.cluster_id, id),
      }
    },
  ],
  [
    'huaweicloud_cs_route_v1',
    async (config) => {
      const routes = `${cs.cs(lp.projectId)}/reserved_cluster/${config.cluster_id}/peering/${config.peering_id}/route`
      const created = await provider.request('POST', routes, { jsonBody: { destination: config.destination }, okCodes: cs.SUCCESS })
      const id = String(created.body.route.id)
      const find = async () => ((await provider.request('GET', routes)).body.routes as any[]).find((r) => String(r.id) === id)
      return {
        attributes: { id },
        plan: async () => planDiff({ destination: config.destination }, { destination: (await find())?.destination }),
        destroy: async () => {
          await provider.request('DELETE', `${routes}/${id}`, { okCodes: cs.SUCCESS })
          assert.equal(await find(), undefined)
        },
      }
    },
  ],
]

test('the examples apply through the provider, plan no change, and destroy', async () => {
  const configs: Array<{ type: string; name: string; block: Block }> = []
  for (const file of SERVICE_EXAMPLES) {
    const parsed = (await terraformExample(file)) as Record<string, any>
    for (const [kind, types] of Object.entries(parsed)) {
      assert.ok(kind === 'resource' || kind === 'data', `${file}: ${kind} blocks are not replayed`)
      for (const [type, named] of Object.entries(types as Record<string, Record<string, Block[]>>)) {
        for (const [name, [block]] of Object.entries(named)) configs.push({ type: kind === 'data' ? `data.${type}` : type, name, block })
      }
    }
  }
  const known = APPLY.map(([type]) => type)
  for (const { type } of configs) assert.ok(known.includes(type), `${type} has no replay`)
  assert.ok(configs.length >= 12)

  const scope: Scope = { data: {} }
  const applied: Array<{ address: string; result: Applied }> = []
  for (const [type, apply] of APPLY) {
    for (const config of configs.filter((c) => c.type === type)) {
      const result = await apply(resolveRefs(config.block, scope))
      const holder = type.startsWith('data.') ? (scope.data[type.slice(5)] ??= {}) : (scope[type] ??= {})
      holder[config.name] = result.attributes
      applied.push({ address: `${type}.${config.name}`, result })
    }
  }
  for (const { address, result } of applied) assert.deepEqual(await result.plan(), [], `${address} would change`)
  for (const { result } of applied.reverse()) await result.destroy()
})
