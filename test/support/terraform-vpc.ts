/**
 * The Terraform provider's VPC-family resources, transcribed call by call from their source
 * (huaweicloud/terraform-provider-huaweicloud at a0345b8dcc81, huaweicloud/services/vpc/, and the chnsz/golangsdk
 * packages they call, snapshot 83ad1d270e52). Each function is one provider function: it sends exactly the
 * requests the provider sends (bodies as golangsdk's BuildRequestBody marshals them: `omitempty` fields left
 * out, pointers sent when set, `null` where Go marshals a nil pointer) with the status codes it accepts, and
 * returns the Terraform state it would write. The replay suites in test/terraform/ drive whole lifecycles
 * with them and compare the state with the configuration (a difference is what `terraform plan` would show).
 *
 * Other suites may use these to make the VPCs and subnets their resources need, as the provider would.
 */
import assert from 'node:assert/strict'
import { UnexpectedResponseCode, type ProviderClient } from './go-clients.js'
import { waitForState } from './terraform.js'

const projectOf = (client: ProviderClient) => {
  assert.ok(client.credentials.projectId, 'the provider client has a project')
  return client.credentials.projectId!
}

/** golangsdk turns a 404 into ErrDefault404, which CheckDeletedDiag and the wait loops treat as "gone". */
async function unless404<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call
  } catch (error) {
    if (error instanceof UnexpectedResponseCode && error.status === 404) return null
    throw error
  }
}

/** Go's `omitempty` for the plain values the provider builds bodies from. */
function omitEmpty(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== '' && value !== null))
}

/** utils.TagsToMap: the tag list as a map, without the two keys CCE adds by itself. */
function tagsToMap(tags: Array<{ key: string; value: string }>): Record<string, string> {
  const map = Object.fromEntries(tags.map((tag) => [tag.key, tag.value]))
  delete map['CCE-Cluster-ID']
  delete map['CCE-Dynamic-Provisioning-Node']
  return map
}

/** utils.ExpandResourceTags: `{key, value}` with an empty value left out (`json:"value,omitempty"`). */
const expandTags = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => omitEmpty({ key, value }))

/** golangsdk openstack/common/tags: Create/Delete (`POST .../tags/action`, 200 or 204) and Get. */
export const resourceTags = {
  action: (client: ProviderClient, type: 'vpcs' | 'subnets', id: string, action: 'create' | 'delete', tags: Record<string, string>) =>
    client.request('POST', `v2.0/${projectOf(client)}/${type}/${id}/tags/action`, {
      jsonBody: { action, tags: expandTags(tags) },
      okCodes: [200, 204],
    }),
  /** tags.Get: 202 or 200, with `Content-Type` and `X-Language` set on the GET. */
  async get(client: ProviderClient, type: 'vpcs' | 'subnets', id: string): Promise<Record<string, string>> {
    const response = await client.request('GET', `v2.0/${projectOf(client)}/${type}/${id}/tags`, {
      okCodes: [202, 200],
      moreHeaders: { 'Content-Type': 'application/json', 'X-Language': 'en-us' },
    })
    return tagsToMap(response.body.tags)
  },
  /** utils.UpdateResourceTags: every old tag deleted, then every new one created. */
  async update(client: ProviderClient, type: 'vpcs' | 'subnets', id: string, old: Record<string, string>, next: Record<string, string>) {
    if (Object.keys(old).length > 0) await resourceTags.action(client, type, id, 'delete', old)
    if (Object.keys(next).length > 0) await resourceTags.action(client, type, id, 'create', next)
  },
}

// ---------------------------------------------------------------------------------------------------
// huaweicloud_vpc: resource_huaweicloud_vpc.go

export interface VpcConfig {
  name: string
  cidr: string
  description?: string
  /** Deprecated for `secondary_cidrs`, still in the provider's schema and acceptance tests. */
  secondary_cidr?: string
  secondary_cidrs?: string[]
  enhanced_local_route?: 'true' | 'false'
  block_service_endpoint_states?: string
  tags?: Record<string, string>
}

export interface VpcState {
  name: string
  cidr: string
  description: string
  enhanced_local_route: string
  enterprise_project_id: string
  status: string
  routes: Array<{ destination: string; nexthop: string }>
  tags: Record<string, string>
  secondary_cidr?: string
  secondary_cidrs: string[]
}

const vpcV1 = (client: ProviderClient, id = '') => `v1/${projectOf(client)}/vpcs${id ? `/${id}` : ''}`
const vpcV3 = (client: ProviderClient, id: string) => `v3/${projectOf(client)}/vpc/vpcs/${id}`

/** `waitForVpcActive`: OK is ACTIVE, DOWN an error, anything else its own status (CREATING is pending). */
async function vpcActiveState(client: ProviderClient, id: string) {
  const vpc = (await client.request('GET', vpcV1(client, id))).body.vpc
  assert.notEqual(vpc.status, 'DOWN', 'VPC status: DOWN')
  return { body: vpc, state: vpc.status === 'OK' ? 'ACTIVE' : vpc.status }
}

export const vpcResource = {
  /** resourceVirtualPrivateCloudCreate: v1 create (200 only), wait, tags, secondary CIDRs, then Read. */
  async create(client: ProviderClient, config: VpcConfig): Promise<{ id: string; state: VpcState }> {
    const body = omitEmpty({
      name: config.name,
      cidr: config.cidr,
      description: config.description,
      block_service_endpoint_states: config.block_service_endpoint_states,
      enhanced_local_route: config.enhanced_local_route === undefined ? undefined : config.enhanced_local_route === 'true',
    })
    const created = await client.request('POST', vpcV1(client), { jsonBody: { vpc: body }, okCodes: [200] })
    const id: string = created.body.vpc.id
    await waitForState({ pending: ['CREATING'], target: ['ACTIVE'], refresh: () => vpcActiveState(client, id) })
    if (config.tags && Object.keys(config.tags).length > 0) await resourceTags.action(client, 'vpcs', id, 'create', config.tags)
    const extendCidrs = config.secondary_cidrs?.length ? config.secondary_cidrs : config.secondary_cidr ? [config.secondary_cidr] : []
    if (extendCidrs.length > 0) await vpcResource.addSecondaryCidrs(client, id, extendCidrs)
    const state = await vpcResource.read(client, id, config.secondary_cidr)
    assert.ok(state, 'the VPC is there after its create')
    return { id, state }
  },

  /** `addSecondaryCIDR` / `removeSecondaryCIDR`: one v3 PUT with every CIDR (default PUT codes). */
  addSecondaryCidrs: (client: ProviderClient, id: string, cidrs: string[]) =>
    client.request('PUT', `${vpcV3(client, id)}/add-extend-cidr`, { jsonBody: { vpc: { extend_cidrs: cidrs } } }),
  removeSecondaryCidrs: (client: ProviderClient, id: string, cidrs: string[]) =>
    client.request('PUT', `${vpcV3(client, id)}/remove-extend-cidr`, { jsonBody: { vpc: { extend_cidrs: cidrs } } }),

  /**
   * resourceVirtualPrivateCloudRead: v1 GET (a 404 drops the resource: null), the tags (an error is only
   * logged), and the v3 GET for `extend_cidrs`, on every read (any error fails the read). A configured
   * `secondary_cidr` is kept when it is among them.
   */
  async read(client: ProviderClient, id: string, secondaryCidr?: string): Promise<VpcState | null> {
    const v1 = await unless404(client.request('GET', vpcV1(client, id)))
    if (!v1) return null
    const vpc = v1.body.vpc
    const tags = await resourceTags.get(client, 'vpcs', id).catch(() => ({}))
    const v3 = await client.request('GET', vpcV3(client, id))
    return {
      name: vpc.name,
      cidr: vpc.cidr,
      description: vpc.description,
      // Go's zero value when the field is absent, written as "true"/"false".
      enhanced_local_route: String(vpc.enhanced_local_route ?? false),
      enterprise_project_id: vpc.enterprise_project_id,
      status: vpc.status,
      routes: vpc.routes.map((route: { destination: string; nexthop: string }) => ({
        destination: route.destination,
        nexthop: route.nexthop,
      })),
      tags,
      ...(secondaryCidr && v3.body.vpc.extend_cidrs?.includes(secondaryCidr) ? { secondary_cidr: secondaryCidr } : {}),
      secondary_cidrs: v3.body.vpc.extend_cidrs ?? [],
    }
  },

  /** resourceVirtualPrivateCloudUpdate, for the attributes that changed between `old` and `next`. */
  async update(client: ProviderClient, id: string, old: VpcConfig, next: VpcConfig): Promise<VpcState> {
    const changed = (key: keyof VpcConfig) => JSON.stringify(old[key]) !== JSON.stringify(next[key])
    if (changed('name') || changed('cidr') || changed('description') || changed('enhanced_local_route')) {
      const vpc: Record<string, unknown> = omitEmpty({ name: next.name, cidr: next.cidr })
      if (changed('description')) vpc.description = next.description ?? ''
      if (changed('enhanced_local_route')) vpc.enhanced_local_route = next.enhanced_local_route === 'true'
      await client.request('PUT', vpcV1(client, id), { jsonBody: { vpc }, okCodes: [200] })
    }
    if (changed('tags')) await resourceTags.update(client, 'vpcs', id, old.tags ?? {}, next.tags ?? {})
    if (changed('secondary_cidr')) {
      if (old.secondary_cidr) await vpcResource.removeSecondaryCidrs(client, id, [old.secondary_cidr])
      if (next.secondary_cidr) await vpcResource.addSecondaryCidrs(client, id, [next.secondary_cidr])
    }
    if (changed('secondary_cidrs')) {
      const before = new Set(old.secondary_cidrs ?? [])
      const after = new Set(next.secondary_cidrs ?? [])
      const removed = [...before].filter((cidr) => !after.has(cidr))
      const added = [...after].filter((cidr) => !before.has(cidr))
      if (removed.length > 0) await vpcResource.removeSecondaryCidrs(client, id, removed)
      if (added.length > 0) await vpcResource.addSecondaryCidrs(client, id, added)
    }
    const state = await vpcResource.read(client, id, next.secondary_cidr)
    assert.ok(state)
    return state
  },

  /**
   * resourceVirtualPrivateCloudDelete (`waitForVpcDelete`): GET (404: gone), else DELETE (404: gone; 409:
   * still busy, keep trying; success: keep polling until the GET answers 404). `onBusy` runs on each 409,
   * for suites that finish the dependants meanwhile. Answers how many DELETEs answered 409.
   */
  async delete(client: ProviderClient, id: string, onBusy?: () => Promise<void>): Promise<number> {
    let conflicts = 0
    await waitForState({
      pending: ['ACTIVE'],
      target: ['DELETED'],
      refresh: async () => {
        const current = await unless404(client.request('GET', vpcV1(client, id)))
        if (!current) return null
        try {
          await client.request('DELETE', vpcV1(client, id))
        } catch (error) {
          if (!(error instanceof UnexpectedResponseCode)) throw error
          if (error.status === 404) return null
          if (error.status !== 409) throw error
          conflicts++
          await onBusy?.()
        }
        return { body: current.body, state: 'ACTIVE' }
      },
    })
    return conflicts
  },
}

// ---------------------------------------------------------------------------------------------------
// huaweicloud_vpc_subnet: resource_huaweicloud_vpc_subnet.go

export interface SubnetConfig {
  name: string
  cidr: string
  gateway_ip: string
  vpc_id: string
  availability_zone?: string
  description?: string
  ipv6_enable?: boolean
  dhcp_enable?: boolean
  primary_dns?: string
  secondary_dns?: string
  dns_list?: string[]
  ntp_server_address?: string
  dhcp_lease_time?: string
  dhcp_ipv6_lease_time?: string
  dhcp_domain_name?: string
  tags?: Record<string, string>
}

export interface SubnetState {
  name: string
  description: string
  cidr: string
  dns_list: string[]
  gateway_ip: string
  ipv6_enable: boolean
  dhcp_enable: boolean
  primary_dns: string
  secondary_dns: string
  availability_zone: string
  vpc_id: string
  subnet_id: string
  ipv4_subnet_id: string
  ipv6_subnet_id: string
  ipv6_cidr: string
  ipv6_gateway: string
  ntp_server_address?: string
  dhcp_lease_time?: string
  dhcp_ipv6_lease_time?: string
  dhcp_domain_name?: string
  tags: Record<string, string>
}

/** The provider's built-in DNS servers per region (`privateDNSList`), used when neither dns_list nor primary_dns is set. */
export const PRIVATE_DNS: Record<string, string[]> = { 'cn-north-4': ['100.125.1.250', '100.125.129.250'] }

/**
 * `buildDhcpOpts`: each option set in the configuration, in this order; on update `ntp` and `domainname`
 * are always sent, with a null value (a nil `*string`) to clear them.
 */
function dhcpOptions(config: SubnetConfig, update: boolean) {
  const options: Array<{ opt_name: string; opt_value: string | null }> = []
  if (config.dhcp_lease_time) options.push({ opt_name: 'addresstime', opt_value: config.dhcp_lease_time })
  if (config.dhcp_ipv6_lease_time) options.push({ opt_name: 'ipv6_addresstime', opt_value: config.dhcp_ipv6_lease_time })
  if (config.ntp_server_address) options.push({ opt_name: 'ntp', opt_value: config.ntp_server_address })
  else if (update) options.push({ opt_name: 'ntp', opt_value: null })
  if (config.dhcp_domain_name) options.push({ opt_name: 'domainname', opt_value: config.dhcp_domain_name })
  else if (update) options.push({ opt_name: 'domainname', opt_value: null })
  return options
}

const subnetV1 = (client: ProviderClient, id = '') => `v1/${projectOf(client)}/subnets${id ? `/${id}` : ''}`
const subnetOfVpc = (client: ProviderClient, vpcId: string, id: string) => `v1/${projectOf(client)}/vpcs/${vpcId}/subnets/${id}`

export const subnetResource = {
  /** resourceVpcSubnetCreate: v1 create (200 only), wait UNKNOWN -> ACTIVE, tags, then Read. */
  async create(client: ProviderClient, config: SubnetConfig, region = 'cn-north-4'): Promise<{ id: string; state: SubnetState }> {
    // buildSubnetDNSList: the configured list; nothing when primary_dns is set; else the region's pair.
    const dnsList = config.dns_list ?? (config.primary_dns ? undefined : PRIVATE_DNS[region])
    const options = dhcpOptions(config, false)
    const subnet = {
      name: config.name,
      cidr: config.cidr,
      vpc_id: config.vpc_id,
      gateway_ip: config.gateway_ip,
      ipv6_enable: config.ipv6_enable ?? false,
      dhcp_enable: config.dhcp_enable ?? true,
      ...omitEmpty({
        primary_dns: config.primary_dns,
        secondary_dns: config.secondary_dns,
        availability_zone: config.availability_zone,
        description: config.description,
      }),
      ...(dnsList?.length ? { dnsList } : {}),
      ...(options.length ? { extra_dhcp_opts: options } : {}),
    }
    const created = await client.request('POST', subnetV1(client), { jsonBody: { subnet }, okCodes: [200] })
    const id: string = created.body.subnet.id
    await waitForState({
      pending: ['UNKNOWN'],
      target: ['ACTIVE'],
      refresh: async () => {
        const current = (await client.request('GET', subnetV1(client, id))).body.subnet
        assert.ok(current.status !== 'DOWN' && current.status !== 'ERROR', `subnet status: ${current.status}`)
        return { body: current, state: current.status === 'ACTIVE' ? 'ACTIVE' : 'UNKNOWN' }
      },
    })
    if (config.tags && Object.keys(config.tags).length > 0) await resourceTags.action(client, 'subnets', id, 'create', config.tags)
    const state = await subnetResource.read(client, id)
    assert.ok(state)
    return { id, state }
  },

  /** resourceVpcSubnetRead: v1 GET (404 drops the resource), tags (errors only logged), DHCP options by name. */
  async read(client: ProviderClient, id: string): Promise<SubnetState | null> {
    const response = await unless404(client.request('GET', subnetV1(client, id)))
    if (!response) return null
    const subnet = response.body.subnet
    const state: SubnetState = {
      ...subnetAttributes(subnet),
      ipv6_subnet_id: subnet.neutron_subnet_id_v6 ?? '',
      ipv6_cidr: subnet.cidr_v6 ?? '',
      ipv6_gateway: subnet.gateway_ip_v6 ?? '',
      tags: await resourceTags.get(client, 'subnets', id).catch(() => ({})),
    }
    const attribute: Record<string, keyof SubnetState> = {
      ntp: 'ntp_server_address',
      addresstime: 'dhcp_lease_time',
      ipv6_addresstime: 'dhcp_ipv6_lease_time',
      domainname: 'dhcp_domain_name',
    }
    for (const option of subnet.extra_dhcp_opts ?? []) {
      // Go reads opt_value into a string: null becomes "".
      if (attribute[option.opt_name]) (state as any)[attribute[option.opt_name]] = option.opt_value ?? ''
    }
    return state
  },

  /** resourceVpcSubnetUpdate: one v1 PUT (200 only) for the changed attributes, then the tags. */
  async update(client: ProviderClient, id: string, old: SubnetConfig, next: SubnetConfig): Promise<SubnetState> {
    const changed = (key: keyof SubnetConfig) => JSON.stringify(old[key]) !== JSON.stringify(next[key])
    const dhcp = ['dhcp_lease_time', 'ntp_server_address', 'dhcp_ipv6_lease_time', 'dhcp_domain_name'] as const
    const fields = ['name', 'description', 'dhcp_enable', 'primary_dns', 'secondary_dns', 'dns_list', 'ipv6_enable', ...dhcp] as const
    if (fields.some(changed)) {
      const subnet: Record<string, unknown> = { name: next.name, dhcp_enable: next.dhcp_enable ?? true }
      if (changed('ipv6_enable')) {
        assert.ok(next.ipv6_enable, 'the provider refuses to turn IPv6 off')
        subnet.ipv6_enable = true
      }
      if (changed('description')) subnet.description = next.description ?? ''
      if (changed('primary_dns') && next.primary_dns) subnet.primary_dns = next.primary_dns
      if (changed('secondary_dns') && next.secondary_dns) subnet.secondary_dns = next.secondary_dns
      if (changed('dns_list')) subnet.dnsList = next.dns_list ?? []
      if (dhcp.some(changed)) subnet.extra_dhcp_opts = dhcpOptions(next, true)
      await client.request('PUT', subnetOfVpc(client, next.vpc_id, id), { jsonBody: { subnet }, okCodes: [200] })
    }
    if (changed('tags')) await resourceTags.update(client, 'subnets', id, old.tags ?? {}, next.tags ?? {})
    const state = await subnetResource.read(client, id)
    assert.ok(state)
    return state
  },

  /**
   * resourceVpcSubnetDelete (`waitForVpcSubnetDelete`): GET (404 gone; 500 and 403 retried), DELETE (404
   * and 400 gone; 500 and 409 retried), until the GET answers 404. `onBusy` runs on each 409. Answers the
   * statuses of the DELETEs.
   */
  async delete(client: ProviderClient, vpcId: string, id: string, onBusy?: () => Promise<void>): Promise<number[]> {
    const deletes: number[] = []
    await waitForState({
      pending: ['ACTIVE'],
      target: ['DELETED'],
      refresh: async () => {
        let current
        try {
          current = await client.request('GET', subnetV1(client, id))
        } catch (error) {
          if (!(error instanceof UnexpectedResponseCode)) throw error
          if (error.status === 404) return null
          if (error.status === 500 || error.status === 403) return { body: error.response.body, state: 'ACTIVE' }
          throw error
        }
        try {
          deletes.push((await client.request('DELETE', subnetOfVpc(client, vpcId, id))).status)
        } catch (error) {
          if (!(error instanceof UnexpectedResponseCode)) throw error
          deletes.push(error.status)
          if (error.status === 404 || error.status === 400) return null
          if (error.status !== 500 && error.status !== 409) throw error
          if (error.status === 409) await onBusy?.()
        }
        return { body: current.body, state: 'ACTIVE' }
      },
    })
    return deletes
  },
}

// ---------------------------------------------------------------------------------------------------
// huaweicloud_vpc_subnet_private_ip: resource_huaweicloud_vpc_subnet_private_ip.go

export interface PrivateIpConfig {
  subnet_id: string
  ip_address?: string
  device_owner?: string
}

export const privateIpResource = {
  /** Create: one POST (default codes) with `utils.RemoveNil` applied (empty values left out), then Read. */
  async create(client: ProviderClient, config: PrivateIpConfig) {
    const created = await client.request('POST', `v1/${projectOf(client)}/privateips`, {
      jsonBody: {
        privateips: [omitEmpty({ subnet_id: config.subnet_id, device_owner: config.device_owner, ip_address: config.ip_address })],
      },
    })
    const id: string = created.body.privateips?.[0]?.id ?? ''
    assert.ok(id, 'ID is not found in API response')
    return { id, state: (await privateIpResource.read(client, id))! }
  },
  /** Read: `privateip.subnet_id`, `ip_address`, `status`, `device_owner`; a 404 drops the resource. */
  async read(client: ProviderClient, id: string) {
    const response = await unless404(client.request('GET', `v1/${projectOf(client)}/privateips/${id}`))
    if (!response) return null
    const { subnet_id, ip_address, status, device_owner } = response.body.privateip
    return { subnet_id, ip_address, status, device_owner }
  },
  /** Delete: one DELETE (default codes); a 404 counts as deleted. */
  delete: (client: ProviderClient, id: string) => unless404(client.request('DELETE', `v1/${projectOf(client)}/privateips/${id}`)),
}

// ---------------------------------------------------------------------------------------------------
// huaweicloud_vpc_peering_connection and _accepter: resource_huaweicloud_vpc_peering_connection(_accepter).go,
// golangsdk openstack/networking/v2/peerings (the `networkv2` client: `v2.0/vpc/peerings`, no project in the path).

export interface PeeringConfig {
  name: string
  vpc_id: string
  peer_vpc_id: string
  peer_tenant_id?: string
  description?: string
}

/** The attributes both peering resources read (`peerings.Get`). */
function peeringState(peering: any) {
  return {
    name: peering.name,
    status: peering.status,
    description: peering.description,
    vpc_id: peering.request_vpc_info.vpc_id,
    peer_vpc_id: peering.accept_vpc_info.vpc_id,
    peer_tenant_id: peering.accept_vpc_info.tenant_id,
  }
}

const peeringPath = (id = '') => `v2.0/vpc/peerings${id ? `/${id}` : ''}`

export const peeringResource = {
  /** resourceVPCPeeringCreate: POST (201 only), wait CREATING -> PENDING_ACCEPTANCE or ACTIVE, then Read. */
  async create(client: ProviderClient, config: PeeringConfig) {
    const peering = {
      name: config.name,
      request_vpc_info: { vpc_id: config.vpc_id },
      accept_vpc_info: omitEmpty({ vpc_id: config.peer_vpc_id, tenant_id: config.peer_tenant_id }),
      ...omitEmpty({ description: config.description }),
    }
    const created = await client.request('POST', peeringPath(), { jsonBody: { peering }, okCodes: [201] })
    const id: string = created.body.peering.id
    await waitForState({
      pending: ['CREATING'],
      target: ['PENDING_ACCEPTANCE', 'ACTIVE'],
      refresh: async () => {
        const current = (await client.request('GET', peeringPath(id))).body.peering
        return { body: current, state: ['PENDING_ACCEPTANCE', 'ACTIVE'].includes(current.status) ? current.status : 'CREATING' }
      },
    })
    return { id, state: (await peeringResource.read(client, id))! }
  },
  async read(client: ProviderClient, id: string) {
    const response = await unless404(client.request('GET', peeringPath(id)))
    return response && peeringState(response.body.peering)
  },
  /** resourceVPCPeeringUpdate: name and description (a pointer: sent even when empty), 200 only. */
  async update(client: ProviderClient, id: string, config: PeeringConfig) {
    await client.request('PUT', peeringPath(id), {
      jsonBody: { peering: { ...omitEmpty({ name: config.name }), description: config.description ?? '' } },
      okCodes: [200],
    })
    return (await peeringResource.read(client, id))!
  },
  /** resourceVPCPeeringDelete (`waitForVpcPeeringDelete`): GET, DELETE (404 gone, 409 retried), until 404. */
  async delete(client: ProviderClient, id: string) {
    await waitForState({
      pending: ['ACTIVE'],
      target: ['DELETED'],
      refresh: async () => {
        const current = await unless404(client.request('GET', peeringPath(id)))
        if (!current) return null
        try {
          await client.request('DELETE', peeringPath(id))
        } catch (error) {
          if (!(error instanceof UnexpectedResponseCode)) throw error
          if (error.status === 404) return null
          if (error.status !== 409) throw error
        }
        return { body: current.body, state: 'ACTIVE' }
      },
    })
  },
}

export const peeringAccepterResource = {
  /**
   * resourceVPCPeeringAccepterCreate: GET (must be PENDING_ACCEPTANCE), PUT accept or reject with no body
   * (200 only; the answer is the peering itself, not wrapped), wait PENDING -> the expected status, Read.
   */
  async create(client: ProviderClient, peeringId: string, accept: boolean) {
    const current = (await client.request('GET', peeringPath(peeringId))).body.peering
    assert.equal(current.status, 'PENDING_ACCEPTANCE', 'Can not accept/reject peering request not in PENDING_ACCEPTANCE state')
    const expected = accept ? 'ACTIVE' : 'REJECTED'
    const answered = await client.request('PUT', `${peeringPath(peeringId)}/${accept ? 'accept' : 'reject'}`, { okCodes: [200] })
    assert.equal(answered.body.id, peeringId, 'ExtractResult reads the unwrapped peering')
    await waitForState({
      pending: ['PENDING'],
      target: [expected],
      refresh: async () => {
        const peering = (await client.request('GET', peeringPath(peeringId))).body.peering
        return { body: peering, state: peering.status === expected ? expected : 'PENDING' }
      },
    })
    return (await peeringResource.read(client, peeringId))!
  },
  /** resourceVpcPeeringAccepterRead: the same GET and fields as the peering. */
  read: (client: ProviderClient, id: string) => peeringResource.read(client, id),
}

// ---------------------------------------------------------------------------------------------------
// Data sources: data_source_huaweicloud_vpc.go, _vpcs.go, _vpcs_by_tags.go, _vpc_subnet.go, _vpc_subnets.go,
// _vpc_peering_connection.go, _vpc_peering_connections.go.

/**
 * golangsdk's pager (pagination/pager.go `EachPage`, LinkedPageBase): the first page, then every `rel: next`
 * link of `<key>_links`, until a page is empty or has none.
 */
async function allPages(client: ProviderClient, path: string, key: string): Promise<any[]> {
  const items: any[] = []
  let next: string | undefined = path
  while (next) {
    const page: any = (await client.request('GET', next)).body
    if (page[key].length === 0) break
    items.push(...page[key])
    next = page[`${key}_links`]?.find((link: { rel: string }) => link.rel === 'next')?.href
  }
  return items
}

/** golangsdk's FilterVPCs / FilterSubnets: the given fields must equal the item's. */
const matching = (items: any[], filter: Record<string, unknown>) =>
  items.filter((item) => Object.entries(filter).every(([key, value]) => value === undefined || value === '' || item[key] === value))

const exactlyOne = <T>(items: T[], what: string): T => {
  assert.ok(items.length > 0, `your query returned no ${what}`)
  assert.equal(items.length, 1, `your query returned more than one ${what}`)
  return items[0]
}

/**
 * vpcs.List with ListOpts: only `enterprise_project_id` (and the tag filters, unused here) go in the query;
 * id, name, status and cidr are matched on the client.
 */
const listVpcsV1 = async (
  client: ProviderClient,
  filter: { id?: string; name?: string; status?: string; cidr?: string },
  eps = 'all_granted_eps',
) => matching(await allPages(client, `${vpcV1(client)}?enterprise_project_id=${eps}`, 'vpcs'), filter)

/** subnets.List: `vpc_id` goes in the query when set; the other fields are matched on the client. */
const listSubnetsV1 = async (client: ProviderClient, filter: Record<string, string | undefined>) =>
  matching(await allPages(client, filter.vpc_id ? `${subnetV1(client)}?vpc_id=${filter.vpc_id}` : subnetV1(client), 'subnets'), filter)

export const vpcDataSources = {
  /** data.huaweicloud_vpc: one VPC by id, name, status or cidr, with its tags (errors only logged) and its v3 `extend_cidrs`. */
  async vpc(client: ProviderClient, filter: { id?: string; name?: string; status?: string; cidr?: string }) {
    const vpc = exactlyOne(await listVpcsV1(client, filter), 'VPC')
    const tags = await resourceTags.get(client, 'vpcs', vpc.id).catch(() => undefined)
    return { ...(await vpcAttributes(client, vpc, tags)), routes: vpc.routes }
  },

  /**
   * data.huaweicloud_vpcs: every VPC matching and holding the `tags` given. A 403 on the tags is only logged
   * (the VPC is kept, without tags); any other tag error fails the read.
   */
  async vpcs(
    client: ProviderClient,
    filter: { id?: string; name?: string; status?: string; cidr?: string; tags?: Record<string, string> },
  ) {
    const { tags: wanted = {}, ...fields } = filter
    const result = []
    for (const vpc of await listVpcsV1(client, fields)) {
      const tags = await resourceTags.get(client, 'vpcs', vpc.id).catch((error: unknown) => {
        if (error instanceof UnexpectedResponseCode && error.status === 403) return undefined
        throw error
      })
      if (tags && !Object.entries(wanted).every(([key, value]) => tags[key] === value)) continue
      result.push(await vpcAttributes(client, vpc, tags))
    }
    return result
  },

  /**
   * data.huaweicloud_vpcs_by_tags / huaweicloud_vpc_subnets_by_tags: POST `resource_instances/action`,
   * with `offset` grown by each page's length until a page is empty (`filter`), or once (`count`).
   */
  async byTags(
    client: ProviderClient,
    type: 'vpcs' | 'subnets',
    body: { action: 'filter' | 'count'; tags?: Array<{ key: string; values: string[] }>; matches?: Array<{ key: string; value: string }> },
  ) {
    const resources: any[] = []
    let offset = 0
    let total = 0
    for (;;) {
      const page = (
        await client.request('POST', `v2.0/${projectOf(client)}/${type}/resource_instances/action`, {
          jsonBody: { ...body, ...(body.action === 'filter' ? { offset } : {}) },
        })
      ).body
      total = page.total_count ?? 0
      if (body.action === 'count' || (page.resources ?? []).length === 0) break
      resources.push(...page.resources)
      offset += page.resources.length
    }
    return {
      total_count: total,
      resources: resources.map((r) => ({
        resource_name: r.resource_name,
        resource_id: r.resource_id,
        resource_detail: JSON.stringify(r.resource_detail),
        tags: Object.fromEntries(r.tags.map((t: { key: string; value: string }) => [t.key, t.value])),
      })),
    }
  },

  /** data.huaweicloud_vpc_subnet: exactly one subnet. */
  async subnet(client: ProviderClient, filter: Record<string, string | undefined>) {
    const subnet = exactlyOne(await listSubnetsV1(client, filter), 'subnet')
    return { id: subnet.id, status: subnet.status, ...subnetAttributes(subnet) }
  },

  /** data.huaweicloud_vpc_subnets: every subnet matching and holding the `tags` given (tag errors only logged). */
  async subnets(client: ProviderClient, filter: Record<string, string | undefined>, wanted: Record<string, string> = {}) {
    const result = []
    for (const subnet of await listSubnetsV1(client, filter)) {
      const tags = await resourceTags.get(client, 'subnets', subnet.id).catch(() => undefined)
      if (tags && !Object.entries(wanted).every(([key, value]) => tags[key] === value)) continue
      result.push({ id: subnet.id, status: subnet.status, ...subnetAttributes(subnet), tags })
    }
    return result
  },

  /**
   * data.huaweicloud_vpc_peering_connection: peerings.List with `id`, `name`, `status`, `tenant_id` and
   * `vpc_id` (the peer VPC's id when no vpc_id is given) in the query, sorted as golangsdk's BuildQueryString
   * writes them, then the VPC ids matched on the client; exactly one.
   */
  async peering(
    client: ProviderClient,
    filter: { id?: string; name?: string; status?: string; vpc_id?: string; peer_vpc_id?: string; peer_tenant_id?: string },
  ) {
    const query = new URLSearchParams(
      Object.entries({
        id: filter.id,
        name: filter.name,
        status: filter.status,
        tenant_id: filter.peer_tenant_id,
        vpc_id: filter.vpc_id ?? filter.peer_vpc_id,
      })
        .filter(([, value]) => value)
        .sort(([a], [b]) => a.localeCompare(b)) as Array<[string, string]>,
    ).toString()
    const all = await allPages(client, `${peeringPath()}${query ? `?${query}` : ''}`, 'peerings')
    const found = all.filter(
      (p) =>
        (!filter.vpc_id || p.request_vpc_info.vpc_id === filter.vpc_id) &&
        (!filter.peer_vpc_id || p.accept_vpc_info.vpc_id === filter.peer_vpc_id),
    )
    const peering = exactlyOne(found, 'VPC peering connection')
    return { id: peering.id, ...peeringState(peering) }
  },

  /**
   * data.huaweicloud_vpc_peering_connections: one GET on the `vpc` client, `limit=2000` then the filters
   * appended in the provider's order (only the first page: "the API does not return the next marker").
   */
  async peerings(
    client: ProviderClient,
    filter: { connection_id?: string; name?: string; status?: string; project_id?: string; vpc_id?: string },
  ) {
    let query = ''
    for (const [param, value] of [
      ['id', filter.connection_id],
      ['name', filter.name],
      ['status', filter.status],
      ['tenant_id', filter.project_id],
      ['vpc_id', filter.vpc_id],
    ]) {
      if (value) query += `&${param}=${value}`
    }
    const response = await client.request('GET', `${peeringPath()}?limit=2000${query}`)
    return (response.body.peerings ?? []).map((p: any) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      description: p.description,
      request_vpc_info: [{ vpc_id: p.request_vpc_info.vpc_id, project_id: p.request_vpc_info.tenant_id }],
      accept_vpc_info: [{ vpc_id: p.accept_vpc_info.vpc_id, project_id: p.accept_vpc_info.tenant_id }],
      // utils.ConvertTimeStrToNanoTimestamp with layout 2006-01-02T15:04:05: the time must parse as written.
      created_at: goTimestamp(p.created_at),
      updated_at: goTimestamp(p.updated_at),
    }))
  },
}

/** The fields both VPC data sources read, with the v3 GET for `secondary_cidrs` (any error fails the read). */
async function vpcAttributes(client: ProviderClient, vpc: any, tags: Record<string, string> | undefined) {
  const v3 = await client.request('GET', vpcV3(client, vpc.id))
  return {
    id: vpc.id,
    name: vpc.name,
    cidr: vpc.cidr,
    enterprise_project_id: vpc.enterprise_project_id,
    status: vpc.status,
    description: vpc.description,
    tags,
    secondary_cidrs: v3.body.vpc.extend_cidrs,
  }
}

/** The fields the subnet resource and its data sources read alike (`subnets.Subnet`). */
function subnetAttributes(subnet: any) {
  return {
    name: subnet.name,
    description: subnet.description,
    cidr: subnet.cidr,
    gateway_ip: subnet.gateway_ip,
    dns_list: subnet.dnsList,
    ipv6_enable: subnet.ipv6_enable,
    dhcp_enable: subnet.dhcp_enable,
    primary_dns: subnet.primary_dns,
    secondary_dns: subnet.secondary_dns,
    availability_zone: subnet.availability_zone,
    vpc_id: subnet.vpc_id,
    subnet_id: subnet.neutron_subnet_id,
    ipv4_subnet_id: subnet.neutron_subnet_id,
  }
}

/** Go's time.Parse("2006-01-02T15:04:05", text) as RFC 3339 in UTC; fails as the provider's parse would. */
function goTimestamp(text: string): string {
  assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, `${text} does not parse with layout 2006-01-02T15:04:05`)
  return `${text}Z`
}
