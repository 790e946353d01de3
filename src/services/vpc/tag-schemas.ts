import Type from 'typebox'

/**
 * Wire shapes of the v2.0 tag API of VPCs and subnets (`/v2.0/{project_id}/{vpcs|subnets}/...`). Keys and
 * values are checked in tags.ts (VPC.1801), not here: a bad tag gets the tag API's code.
 */

export const Tag = Type.Object({ key: Type.String(), value: Type.String() })

/** A tag to write or delete. The value may be left out (the Terraform provider omits empty values). */
const TagInput = Type.Object({ key: Type.String(), value: Type.Optional(Type.String()) })

export const BatchTagsBody = Type.Object({
  action: Type.Union([Type.Literal('create'), Type.Literal('delete')]),
  tags: Type.Array(TagInput, { maxItems: 20 }),
})
export const CreateTagBody = Type.Object({ tag: TagInput })

export const TagsAnswer = Type.Object({ tags: Type.Array(Tag) })
export const ProjectTagsAnswer = Type.Object({ tags: Type.Array(Type.Object({ key: Type.String(), values: Type.Array(Type.String()) })) })

export const ListByTagsBody = Type.Object({
  action: Type.Union([Type.Literal('filter'), Type.Literal('count')]),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  // Up to 10 keys with up to 10 values each; no values means any value.
  tags: Type.Optional(
    Type.Array(Type.Object({ key: Type.String(), values: Type.Array(Type.String(), { maxItems: 10 }) }), { maxItems: 10 }),
  ),
  matches: Type.Optional(
    Type.Array(Type.Object({ key: Type.Literal('resource_name'), value: Type.String({ maxLength: 255 }) }), { maxItems: 1 }),
  ),
})

export const ResourcesAnswer = Type.Object({
  resources: Type.Array(
    Type.Object({
      resource_id: Type.String(),
      resource_name: Type.String(),
      resource_detail: Type.Null(),
      tags: Type.Array(Tag),
    }),
  ),
  total_count: Type.Integer(),
})
