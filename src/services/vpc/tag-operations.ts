import Type from 'typebox'
import { defineOperation, type Operation } from '../../platform/operation.js'
import { subnetTagsStyle, VpcError } from './errors.js'
import { batchTags, createTag, deleteTag, projectTags, resourcesByTags, showTags } from './resource-tags.js'
import { ProjectParams } from './schemas.js'
import { BatchTagsBody, CreateTagBody, ListByTagsBody, ProjectTagsAnswer, ResourcesAnswer, TagsAnswer } from './tag-schemas.js'
import type { TagOwner } from './tags.js'

/** Malformed tag requests get the tag API's code. */
const tagBadRequest = (reason: string) => VpcError.TagInvalid(reason)

/** How each kind of resource appears in its tag API: path segment, id parameter, Huawei's names, IAM resource. */
const KINDS = {
  vpc: {
    segment: 'vpcs',
    idParam: 'vpc_id',
    names: {
      batch: 'BatchCreateVpcTags',
      create: 'CreateVpcResourceTag',
      delete: 'DeleteVpcTag',
      show: 'ShowVpcTags',
      list: 'ListVpcTags',
      byTags: 'ListVpcsByTags',
    },
    iam: 'vpcTags',
  },
  subnet: {
    segment: 'subnets',
    idParam: 'subnet_id',
    names: {
      batch: 'BatchCreateSubnetTags',
      create: 'CreateSubnetTag',
      delete: 'DeleteSubnetTag',
      show: 'ShowSubnetTags',
      list: 'ListSubnetTags',
      byTags: 'ListSubnetsByTags',
    },
    iam: 'subnetTags',
  },
} as const

/**
 * The v2.0 tag API of one kind of resource (`/v2.0/{project_id}/vpcs/...` or `.../subnets/...`), declared
 * once for both kinds. IAM actions are Huawei's role-based ones (`vpc:vpcTags:create|get|delete`); the batch
 * call needs the delete action when it deletes. Errors are in the VPC envelope, except the batch subnet call,
 * whose definition declares Neutron's.
 */
export function tagOperations(owner: TagOwner): Operation[] {
  const kind = KINDS[owner]
  const base = `/v2.0/:project_id/${kind.segment}`
  const ResourceParams = Type.Object({ project_id: Type.String(), [kind.idParam]: Type.String() })
  const TagKeyParams = Type.Object({ project_id: Type.String(), [kind.idParam]: Type.String(), key: Type.String() })
  const idOf = (params: Record<string, string>) => params[kind.idParam]
  const action = (verb: 'create' | 'get' | 'delete') => `vpc:${kind.iam}:${verb}`
  return [
    defineOperation({
      name: kind.names.batch,
      summary: `Adds tags to a ${owner} (\`action: create\`) or removes them (\`action: delete\`, Huawei's BatchDelete${kind.names.batch.slice(11)})`,
      method: 'POST',
      path: `${base}/:${kind.idParam}/tags/action`,
      action: action('create'),
      bodyAction: (body) => ((body as { action?: unknown } | undefined)?.action === 'delete' ? action('delete') : undefined),
      params: ResourceParams,
      body: BatchTagsBody,
      badRequest: tagBadRequest,
      ...(owner === 'subnet' ? { errors: subnetTagsStyle } : {}),
      response: { status: 204 },
      handler: ({ params, body }, context) => batchTags(params.project_id, owner, idOf(params), body, context),
    }),
    defineOperation({
      name: kind.names.create,
      summary: `Adds one tag to a ${owner}, or sets the value of its key`,
      method: 'POST',
      path: `${base}/:${kind.idParam}/tags`,
      action: action('create'),
      params: ResourceParams,
      body: CreateTagBody,
      badRequest: tagBadRequest,
      response: { status: 204 },
      handler: ({ params, body }, context) => createTag(params.project_id, owner, idOf(params), body.tag, context),
    }),
    defineOperation({
      name: kind.names.delete,
      summary: `Removes one tag of a ${owner} by its key`,
      method: 'DELETE',
      path: `${base}/:${kind.idParam}/tags/:key`,
      action: action('delete'),
      params: TagKeyParams,
      badRequest: tagBadRequest,
      response: { status: 204 },
      handler: ({ params }, context) => deleteTag(params.project_id, owner, idOf(params), params.key, context),
    }),
    defineOperation({
      name: kind.names.show,
      summary: `Shows the tags of a ${owner}`,
      method: 'GET',
      path: `${base}/:${kind.idParam}/tags`,
      action: action('get'),
      params: ResourceParams,
      response: { status: 200, schema: TagsAnswer },
      handler: async ({ params }, context) => ({ tags: await showTags(params.project_id, owner, idOf(params), context) }),
    }),
    defineOperation({
      name: kind.names.list,
      summary: `Lists the tag keys of the project's ${kind.segment}, each with its values`,
      method: 'GET',
      path: `${base}/tags`,
      action: action('get'),
      params: ProjectParams,
      response: { status: 200, schema: ProjectTagsAnswer },
      handler: async ({ params }, context) => ({ tags: await projectTags(params.project_id, owner, context) }),
    }),
    defineOperation({
      name: kind.names.byTags,
      summary: `Filters (offset/limit) or counts the project's ${kind.segment} by tags and name`,
      method: 'POST',
      path: `${base}/resource_instances/action`,
      action: action('get'),
      params: ProjectParams,
      body: ListByTagsBody,
      badRequest: tagBadRequest,
      response: { status: 200, schema: ResourcesAnswer },
      handler: ({ params, body }, context) => resourcesByTags(params.project_id, owner, body, context),
    }),
  ]
}
