import Type from 'typebox'

/**
 * Wire shapes of the VPC v1 API (Huawei's VpcClient v2 in the SDK). Request schemas check shape and
 * lengths; address and CIDR semantics are checked in rules.ts, with the service's own error codes.
 */

/** Digits, letters, CJK, `_`, `-`, `.`: VPC and subnet names. */
const NAME_PATTERN = '^[\\u4e00-\\u9fa5A-Za-z0-9_.-]*$'
const DESCRIPTION = Type.String({ maxLength: 255, pattern: '^[^<>]*$' })

export const ProjectParams = Type.Object({ project_id: Type.String() })
export const VpcParams = Type.Object({ project_id: Type.String(), vpc_id: Type.String() })
export const SubnetParams = Type.Object({ project_id: Type.String(), subnet_id: Type.String() })
export const VpcSubnetParams = Type.Object({ project_id: Type.String(), vpc_id: Type.String(), subnet_id: Type.String() })
export const PrivateIpParams = Type.Object({ project_id: Type.String(), privateip_id: Type.String() })

const Limit = Type.Integer({ minimum: 0, maximum: 2147483647 })
export const ListVpcsQuery = Type.Object({
  limit: Type.Optional(Limit),
  marker: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  enterprise_project_id: Type.Optional(Type.String()),
})
export const ListSubnetsQuery = Type.Object({
  limit: Type.Optional(Limit),
  marker: Type.Optional(Type.String()),
  vpc_id: Type.Optional(Type.String()),
})
export const ListPrivateIpsQuery = Type.Object({ limit: Type.Optional(Limit), marker: Type.Optional(Type.String()) })

export const Route = Type.Object({ destination: Type.String(), nexthop: Type.String() })

/** v1 creates take tags as `key*value` strings (at most 10), Huawei's format for this API. */
const StarTags = Type.Array(Type.String(), { maxItems: 10 })
export const BlockServiceEndpointStates = Type.Union([Type.Literal('on'), Type.Literal('off')])

export const CreateVpcBody = Type.Object({
  vpc: Type.Object({
    name: Type.Optional(Type.String({ maxLength: 64, pattern: NAME_PATTERN })),
    description: Type.Optional(DESCRIPTION),
    cidr: Type.Optional(Type.String()),
    enterprise_project_id: Type.Optional(Type.String({ maxLength: 36 })),
    // Not in Huawei's v1 definition, but sent by its SDKs and the Terraform provider, and kept as sent.
    enhanced_local_route: Type.Optional(Type.Boolean()),
    block_service_endpoint_states: Type.Optional(BlockServiceEndpointStates),
    tags: Type.Optional(StarTags),
  }),
})

export const UpdateVpcBody = Type.Object({
  vpc: Type.Object({
    name: Type.Optional(Type.String({ maxLength: 64, pattern: NAME_PATTERN })),
    description: Type.Optional(DESCRIPTION),
    cidr: Type.Optional(Type.String()),
    routes: Type.Optional(Type.Array(Route, { maxItems: 1 })),
    enhanced_local_route: Type.Optional(Type.Boolean()),
  }),
})

export const Vpc = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  cidr: Type.String(),
  status: Type.String(),
  routes: Type.Array(Route),
  enterprise_project_id: Type.String(),
  tenant_id: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  block_service_endpoint_states: Type.String(),
  // Present in the current schema; linkplane does not implement address usage metrics and reports them off.
  enable_network_address_usage_metrics: Type.Boolean(),
  // Read by the SDKs and the Terraform provider, though not in Huawei's v1 definition.
  enhanced_local_route: Type.Boolean(),
})

/**
 * Huawei's definition enumerates `ntp` and `addresstime`; its current documentation and the Terraform
 * provider also use `ipv6_addresstime` and `domainname`. A null value removes the option.
 */
export const DHCP_OPTION_NAMES = ['ntp', 'addresstime', 'ipv6_addresstime', 'domainname'] as const
const ExtraDhcpOption = Type.Object({
  opt_name: Type.Union(DHCP_OPTION_NAMES.map((name) => Type.Literal(name))),
  opt_value: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})
const ExtraDhcpOptions = Type.Array(ExtraDhcpOption, { maxItems: DHCP_OPTION_NAMES.length })

const Dns = Type.String({ maxLength: 15 })

export const CreateSubnetBody = Type.Object({
  subnet: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 64, pattern: NAME_PATTERN }),
    description: Type.Optional(DESCRIPTION),
    cidr: Type.String(),
    gateway_ip: Type.String(),
    vpc_id: Type.String(),
    dhcp_enable: Type.Optional(Type.Boolean({ default: true })),
    ipv6_enable: Type.Optional(Type.Boolean({ default: false })),
    primary_dns: Type.Optional(Dns),
    secondary_dns: Type.Optional(Dns),
    dnsList: Type.Optional(Type.Array(Dns, { maxItems: 5 })),
    availability_zone: Type.Optional(Type.String()),
    extra_dhcp_opts: Type.Optional(ExtraDhcpOptions),
    tags: Type.Optional(StarTags),
  }),
})

export const UpdateSubnetBody = Type.Object({
  subnet: Type.Object({
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: NAME_PATTERN })),
    description: Type.Optional(DESCRIPTION),
    dhcp_enable: Type.Optional(Type.Boolean()),
    ipv6_enable: Type.Optional(Type.Boolean()),
    primary_dns: Type.Optional(Dns),
    secondary_dns: Type.Optional(Dns),
    dnsList: Type.Optional(Type.Array(Dns, { maxItems: 5 })),
    extra_dhcp_opts: Type.Optional(ExtraDhcpOptions),
  }),
})

export const Subnet = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  cidr: Type.String(),
  gateway_ip: Type.String(),
  ipv6_enable: Type.Boolean(),
  dhcp_enable: Type.Boolean(),
  primary_dns: Type.String(),
  secondary_dns: Type.String(),
  dnsList: Type.Array(Type.String()),
  availability_zone: Type.String(),
  vpc_id: Type.String(),
  status: Type.String(),
  neutron_network_id: Type.String(),
  neutron_subnet_id: Type.String(),
  // IPv6 is not implemented: these are always empty, as for an IPv4-only subnet.
  cidr_v6: Type.String(),
  gateway_ip_v6: Type.String(),
  neutron_subnet_id_v6: Type.String(),
  extra_dhcp_opts: Type.Array(Type.Object({ opt_name: Type.String(), opt_value: Type.Union([Type.String(), Type.Null()]) })),
  scope: Type.String(),
  tenant_id: Type.String(),
  available_ip_address_count: Type.Integer(),
  enable_network_address_usage_metrics: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
})

/** The one device owner a private IP may be created with (a virtual IP's port), as Huawei documents it. */
export const VIP_PORT_OWNER = 'neutron:VIP_PORT'

export const CreatePrivateIpsBody = Type.Object({
  privateips: Type.Array(
    Type.Object({
      subnet_id: Type.String(),
      ip_address: Type.Optional(Type.String()),
      device_owner: Type.Optional(Type.Literal(VIP_PORT_OWNER)),
    }),
    { minItems: 1, maxItems: 20 },
  ),
})

export const PrivateIp = Type.Object({
  id: Type.String(),
  status: Type.String(),
  subnet_id: Type.String(),
  tenant_id: Type.String(),
  device_owner: Type.String(),
  ip_address: Type.String(),
})
