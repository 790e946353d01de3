import Type from 'typebox'

/** Wire shapes of FunctionGraph's VPC endpoints (`/v2/{project_id}/fgs/vpc-endpoint`). */

export const ProjectParams = Type.Object({ project_id: Type.String() })
export const EndpointParams = Type.Object({ project_id: Type.String(), vpc_id: Type.String(), subnet_id: Type.String() })

/**
 * The optional fields may be absent or null: Terraform sends this body without stripping nulls
 * (`{"flavor": null, "xrole": null, ...}` when they are not set), and null means "not given".
 */
export const CreateVpcEndpointBody = Type.Object({
  vpc_id: Type.String({ minLength: 1, maxLength: 64 }),
  subnet_id: Type.String({ minLength: 1, maxLength: 64 }),
  // Huawei does not list the flavours; any name is kept ("default", the large one, when absent).
  flavor: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
  xrole: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
})

export const CreatedVpcEndpoint = Type.Object({ endpoints: Type.Array(Type.String()), address: Type.String() })

/** linkplane extension: the real service has no read API. */
export const VpcEndpoint = Type.Object({
  vpc_id: Type.String(),
  subnet_id: Type.String(),
  flavor: Type.String(),
  xrole: Type.String(),
  endpoints: Type.Array(Type.String()),
  address: Type.String(),
  created_at: Type.String(),
})
export const VpcEndpointList = Type.Object({ vpc_endpoints: Type.Array(VpcEndpoint) })
