import type { IncomingHttpHeaders } from 'node:http'
import type { Static, TSchema } from 'typebox'
import type { AppContext } from '../context.js'
import type { Principal } from './auth/principal.js'
import type { Database } from '../store/schema.js'
import type { ApiError, ErrorStyle } from './errors.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD'

/**
 * Who may call an operation:
 * - `signed`: any authenticated caller (AK/SK signature or `X-Auth-Token`), the default;
 * - `public`: no credentials (signing in, health);
 * - `admin`: the server's bootstrap administrator only (the `/_linkplane` API).
 */
export type Access = 'signed' | 'public' | 'admin'

export interface OperationInput<P, Q, B> {
  params: P
  query: Q
  body: B
  /** The authenticated caller; null only for `public` operations. */
  principal: Principal | null
  requestId: string
  headers: IncomingHttpHeaders
  setHeader(name: string, value: string): void
}

export interface Operation<
  P extends TSchema = TSchema,
  Q extends TSchema = TSchema,
  B extends TSchema = TSchema,
  R extends TSchema = TSchema,
> {
  /**
   * Huawei's operation name (`CreateVpc`), also the OpenAPI operationId where no other service declares the
   * same name. Unique within the service: where two Huawei operations share a name (VPC v1 and v3
   * `ShowVpc`), the later one is declared under its own name (`ShowVpcV3`) and gives Huawei's in `huaweiName`.
   */
  name: string
  /** Huawei's name for the operation when `name` has to differ from it (see `name`). */
  huaweiName?: string
  summary: string
  method: HttpMethod
  /** Route in Fastify's syntax: `/v1/:project_id/vpcs/:vpc_id`. */
  path: string
  /** The IAM action a caller needs (`vpc:vpcs:create`); null where IAM does not apply. */
  action: string | null
  /**
   * The action when the body decides it (a batch tag call that deletes needs the delete action); undefined
   * falls back to `action`.
   */
  bodyAction?: (body: unknown) => string | undefined
  access?: Access
  /**
   * Whether a `:project_id` in the path is the project the call acts in, which must be the caller's
   * (default). IAM's `/v3/projects/:project_id` names the project being read instead.
   */
  urlTenant?: boolean
  params?: P
  query?: Q
  body?: B
  /**
   * A body beyond the gateway's limits (12 MB, arrays of 2000 items), up to this many bytes: only for bulk
   * operations of the admin API (a state import), never for a cloud service's.
   */
  bulkBodyLimit?: number
  /** Success status, and the body schema (none for 204). The schema also serialises: unlisted fields are dropped. */
  response: { status: number; schema?: R }
  /** This operation's own 400 for invalid input, where it differs from the service's (VPC.0201 for subnets). */
  badRequest?: (reason: string) => ApiError
  /** This operation's error envelope, where it differs from the service's (VPC v3 beside v1). */
  errors?: ErrorStyle
  /**
   * What a caller whose policies deny the action gets instead of the service's 403, answered with the
   * success status (VPC lists answer 200 with an empty list, as documented).
   */
  whenDenied?: () => Static<R>
  /**
   * True when the caller acts on itself (its own password, its own access keys): no IAM action is needed,
   * as in Huawei IAM, where every user manages its own credentials.
   */
  selfService?: (
    input: { params: Record<string, string>; query: Record<string, unknown>; body: unknown; principal: Principal },
    context: AppContext,
  ) => boolean | Promise<boolean>
  handler(input: OperationInput<Static<P>, Static<Q>, Static<B>>, context: AppContext): Promise<Static<R>> | Static<R>
}

/** A transition the lifecycle engine runs when it is due (see lifecycle/lifecycle.ts). */
export type TransitionHandler = (resourceId: string, context: AppContext) => Promise<void>

export interface Service {
  /** Short name, used in logs and as the OpenAPI tag. */
  name: string
  title: string
  /** The service's entry in IAM tokens' catalogue (`type` as Huawei names it), when it has one. */
  catalog?: { type: string; name: string }
  errors: ErrorStyle
  /**
   * The tables this service owns, parents before children: no other service touches them, and the state
   * export, import and reset (src/state/) go through them in this order.
   */
  tables?: readonly (keyof Database)[]
  operations: Operation[]
  /** Transitions by kind (`vpc.vpc-ready`); kinds are prefixed with the service name. */
  transitions?: Record<string, TransitionHandler>
  /** Deadlines by kind (`vpc-peering.expire`): due at a wall-clock time, unscaled (Lifecycle.scheduleDeadline). */
  deadlines?: Record<string, TransitionHandler>
  /**
   * How a transition fails instead, by kind: the resource goes to its documented failure status
   * (`ERROR`, `CREATE_FAILED` ...). Only fault rules (src/faults/) make a transition fail.
   */
  failures?: Record<string, TransitionHandler>
}

/**
 * Declares an operation. Everything else derives from the declaration: the route, request validation,
 * the authentication and IAM check, the error envelope, the response serialisation and the OpenAPI entry.
 */
export function defineOperation<P extends TSchema, Q extends TSchema, B extends TSchema, R extends TSchema>(
  operation: Operation<P, Q, B, R>,
): Operation {
  return operation as unknown as Operation
}

/** The envelope an operation's errors are written in: its own, else its service's. */
export const errorStyleOf = (service: Service, operation: Operation): ErrorStyle => operation.errors ?? service.errors

export function defineService(service: Service): Service {
  const names = new Set<string>()
  for (const operation of service.operations) {
    if (names.has(operation.name)) throw new Error(`${service.name}: operation ${operation.name} is declared twice`)
    names.add(operation.name)
  }
  return service
}
