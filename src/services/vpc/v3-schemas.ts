import Type from 'typebox'
import { PageInfo } from '../../platform/pagination.js'
import { BlockServiceEndpointStates } from './schemas.js'
import { Tag } from './tag-schemas.js'

/**
 * Wire shapes of VPC v3 (`/v3/{project_id}/vpc/vpcs`), as huaweicloud-sdk-go-v3's vpc/v3 models and
 * Huawei's v3 definitions have them. The VPCs are the v1 VPCs: v3 only shows them differently.
 */

const NAME = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\u4e00-\\u9fa5A-Za-z0-9_.-]+$' })
const DESCRIPTION = Type.String({ maxLength: 255, pattern: '^[^<>]*$' })
const DryRun = Type.Optional(Type.Boolean())

/** Query values that may be repeated (`?name=a&name=b`); one value arrives as a list of one. */
const Several = Type.Optional(Type.Array(Type.String()))
export const ListVpcsV3Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 2000 })),
  marker: Type.Optional(Type.String()),
  id: Several,
  name: Several,
  description: Several,
  cidr: Several,
  enterprise_project_id: Type.Optional(Type.String()),
})

export const CreateVpcV3Body = Type.Object({
  dry_run: DryRun,
  vpc: Type.Object({
    name: NAME,
    description: Type.Optional(DESCRIPTION),
    cidr: Type.String(),
    enterprise_project_id: Type.Optional(Type.String({ maxLength: 36 })),
    tags: Type.Optional(Type.Array(Type.Object({ key: Type.String(), value: Type.String() }), { maxItems: 10 })),
  }),
})

export const UpdateVpcV3Body = Type.Object({
  dry_run: DryRun,
  vpc: Type.Object({ name: Type.Optional(NAME), description: Type.Optional(DESCRIPTION) }, { minProperties: 1 }),
})

export const ExtendCidrsBody = Type.Object({
  dry_run: DryRun,
  vpc: Type.Object({ extend_cidrs: Type.Array(Type.String(), { minItems: 1, maxItems: 5 }) }),
})

export const VpcV3 = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  cidr: Type.String(),
  extend_cidrs: Type.Array(Type.String()),
  status: Type.String(),
  project_id: Type.String(),
  enterprise_project_id: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  cloud_resources: Type.Array(Type.Object({ resource_type: Type.String(), resource_count: Type.Integer() })),
  tags: Type.Array(Tag),
  block_service_endpoint_states: BlockServiceEndpointStates,
  enable_network_address_usage_metrics: Type.Boolean(),
})

export const VpcV3Answer = Type.Object({ request_id: Type.String(), vpc: VpcV3 })
export const VpcsV3Answer = Type.Object({ request_id: Type.String(), vpcs: Type.Array(VpcV3), page_info: PageInfo })
