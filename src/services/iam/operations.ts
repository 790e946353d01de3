import type { IncomingHttpHeaders } from 'node:http'
import Type from 'typebox'
import type { AppContext } from '../../context.js'
import type { Principal } from '../../platform/auth/principal.js'
import { defineOperation, defineService } from '../../platform/operation.js'
import { isoMicros } from '../../platform/time.js'
import { IamError, iamStyle } from './errors.js'
import type { IssuedToken, Project } from './identity.js'
import { ProjectSchema, RegionSchema, TokenBody, TokenResponse } from './schemas.js'
import { credentialOperations } from './credentials.js'
import { permissionOperations } from './grants.js'
import { groupOperations } from './groups.js'
import { policyOperations } from './policies.js'
import { userOperations } from './users.js'
import { IAM_TABLES } from './tables.js'

/** Links in IAM bodies point back at this server, as the client reached it. */
const baseUrl = (headers: IncomingHttpHeaders): string => `http://${headers.host ?? '127.0.0.1'}`

function projectView(project: Project, base: string) {
  return {
    id: project.id,
    name: project.name,
    domain_id: project.domain_id,
    parent_id: project.domain_id,
    is_domain: false,
    enabled: true,
    description: '',
    links: { self: `${base}/v3/projects/${project.id}`, previous: null, next: null },
  }
}

interface TokenSubject {
  userId: string
  userName: string
  domainId: string
  domainName: string
  isAdmin: boolean
  project: Project | undefined
}

function tokenView(
  subject: TokenSubject,
  issued: Omit<IssuedToken, 'token'>,
  methods: string[],
  withCatalog: boolean,
  base: string,
  context: AppContext,
) {
  const region = context.config.region
  const catalog = withCatalog
    ? context.catalog.map((entry) => ({
        id: entry.type,
        name: entry.name,
        type: entry.type,
        endpoints: [{ id: `${entry.type}-${region}`, interface: 'public', region, region_id: region, url: base }],
      }))
    : []
  const domain = { id: subject.domainId, name: subject.domainName }
  return {
    token: {
      methods,
      issued_at: isoMicros(issued.issuedAt),
      expires_at: isoMicros(issued.expiresAt),
      catalog,
      ...(subject.project ? { project: { id: subject.project.id, name: subject.project.name, domain } } : { domain }),
      // Role ids are always "0" in Huawei's tokens; fine-grained permissions are not listed in them.
      roles: subject.isAdmin ? [{ id: '0', name: 'te_admin' }] : [],
      user: { id: subject.userId, name: subject.userName, domain, password_expires_at: '' },
    },
  }
}

const subjectOf = (principal: Principal, project: Project | undefined): TokenSubject => ({
  userId: principal.userId,
  userName: principal.userName,
  domainId: principal.domainId,
  domainName: principal.domainName,
  isAdmin: principal.isAdmin,
  project,
})

const NoCatalogQuery = Type.Object({ nocatalog: Type.Optional(Type.String()) })
const ProjectsBody = Type.Object({
  projects: Type.Array(ProjectSchema),
  links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
})

/**
 * The part of IAM that tokens and the SDKs' project discovery need (Keystone v3 paths). Users, groups,
 * policies and keys are managed elsewhere; these answer for the caller's own account.
 */
export const iamService = defineService({
  name: 'iam',
  title: 'IAM',
  catalog: { type: 'identity', name: 'iam' },
  tables: IAM_TABLES,
  errors: iamStyle,
  operations: [
    defineOperation({
      name: 'KeystoneCreateUserTokenByPassword',
      summary: 'Signs a user in with its password; the token comes back in X-Subject-Token',
      method: 'POST',
      path: '/v3/auth/tokens',
      action: null,
      access: 'public',
      query: NoCatalogQuery,
      body: TokenBody,
      response: { status: 201, schema: TokenResponse },
      handler: async ({ body, query, headers, setHeader }, context) => {
        const { identity: auth, scope } = body.auth
        const unsupported = auth.methods.find((m) => m !== 'password')
        if (unsupported !== undefined) throw IamError.UnsupportedMethod(unsupported)
        if (!auth.password) throw IamError.InvalidBody()
        const { user } = auth.password
        const domainName = user.domain.name ?? (user.domain.id ? (await context.identity.domain(user.domain.id))?.name : undefined)
        const signedIn = domainName ? await context.identity.passwordSignIn(domainName, user.name, user.password) : null
        if (!signedIn) throw IamError.WrongPassword()

        let project: Project | undefined
        if (scope?.project) {
          const wanted = scope.project
          project = wanted.id
            ? await context.identity.project(wanted.id)
            : await context.identity.projectByName(signedIn.domain_id, wanted.name ?? '')
          if (!project || project.domain_id !== signedIn.domain_id) throw IamError.InvalidScope(`project ${wanted.id ?? wanted.name ?? ''}`)
        } else if (scope?.domain) {
          const wanted = scope.domain
          if ((wanted.id && wanted.id !== signedIn.domain_id) || (wanted.name && wanted.name !== signedIn.domain_name)) {
            throw IamError.InvalidScope(`domain ${wanted.id ?? wanted.name}`)
          }
        }
        const issued = await context.identity.issueToken(signedIn.user_id, project?.id ?? null, auth.methods)
        setHeader('X-Subject-Token', issued.token)
        const subject = {
          userId: signedIn.user_id,
          userName: signedIn.user_name,
          domainId: signedIn.domain_id,
          domainName: signedIn.domain_name,
          isAdmin: signedIn.is_admin === 1,
          project,
        }
        return tokenView(subject, issued, auth.methods, query.nocatalog === undefined || query.nocatalog === '', baseUrl(headers), context)
      },
    }),
    defineOperation({
      name: 'KeystoneValidateToken',
      summary: "Checks a token (X-Subject-Token): the caller's own, or any of its account when it is the administrator",
      method: 'GET',
      path: '/v3/auth/tokens',
      action: 'iam:tokens:validate',
      query: NoCatalogQuery,
      response: { status: 200, schema: TokenResponse },
      handler: async ({ headers, query, principal, setHeader }, context) => {
        const subjectToken = headers['x-subject-token']
        if (typeof subjectToken !== 'string' || subjectToken === '') throw IamError.InvalidSubjectToken()
        const subject = await context.identity.token(subjectToken)
        const info = await context.identity.tokenInfo(subjectToken)
        if (typeof subject === 'string' || !info) throw IamError.InvalidSubjectToken()
        const caller = principal!
        if (subject.userId !== caller.userId && !(caller.isAdmin && subject.domainId === caller.domainId)) {
          throw IamError.InvalidSubjectToken()
        }
        setHeader('X-Subject-Token', subjectToken)
        const project = subject.projectId ? await context.identity.project(subject.projectId) : undefined
        return tokenView(
          subjectOf(subject, project),
          info,
          info.methods,
          query.nocatalog === undefined || query.nocatalog === '',
          baseUrl(headers),
          context,
        )
      },
    }),
    defineOperation({
      name: 'KeystoneListProjects',
      summary: "The projects of the caller's account, filtered; the SDKs look their project up by region name here",
      method: 'GET',
      path: '/v3/projects',
      action: 'iam:projects:list',
      query: Type.Object({
        domain_id: Type.Optional(Type.String()),
        name: Type.Optional(Type.String()),
        parent_id: Type.Optional(Type.String()),
        enabled: Type.Optional(Type.Boolean()),
        is_domain: Type.Optional(Type.Boolean()),
        page: Type.Optional(Type.Integer({ minimum: 1 })),
        per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
      }),
      response: { status: 200, schema: ProjectsBody },
      handler: async ({ query, principal, headers }, context) => {
        const base = baseUrl(headers)
        const projects = (await context.identity.projectsOfDomain(principal!.domainId)).filter(
          (p) =>
            (query.name === undefined || p.name === query.name) &&
            (query.domain_id === undefined || p.domain_id === query.domain_id) &&
            (query.parent_id === undefined || p.domain_id === query.parent_id) &&
            query.enabled !== false &&
            query.is_domain !== true,
        )
        const perPage = query.per_page ?? projects.length
        const page = projects.slice(((query.page ?? 1) - 1) * perPage, (query.page ?? 1) * perPage)
        return { projects: page.map((p) => projectView(p, base)), links: { self: `${base}/v3/projects`, previous: null, next: null } }
      },
    }),
    defineOperation({
      name: 'KeystoneShowProject',
      summary: "One project of the caller's account",
      method: 'GET',
      path: '/v3/projects/:project_id',
      // The project here is what is being read, not the project the call acts in.
      urlTenant: false,
      action: 'iam:projects:get',
      params: Type.Object({ project_id: Type.String() }),
      response: { status: 200, schema: Type.Object({ project: ProjectSchema }) },
      handler: async ({ params, principal, headers }, context) => {
        const project = await context.identity.project(params.project_id)
        if (!project || project.domain_id !== principal!.domainId) throw IamError.ProjectNotFound(params.project_id)
        return { project: projectView(project, baseUrl(headers)) }
      },
    }),
    defineOperation({
      name: 'KeystoneListAuthProjects',
      summary: 'The projects the caller can act in',
      method: 'GET',
      path: '/v3/auth/projects',
      action: null,
      response: { status: 200, schema: ProjectsBody },
      handler: async ({ principal, headers }, context) => {
        const base = baseUrl(headers)
        const projects = await context.identity.projectsOfDomain(principal!.domainId)
        return {
          projects: projects.map((p) => projectView(p, base)),
          links: { self: `${base}/v3/auth/projects`, previous: null, next: null },
        }
      },
    }),
    defineOperation({
      name: 'KeystoneListAuthDomains',
      summary: "The caller's account (domain)",
      method: 'GET',
      path: '/v3/auth/domains',
      action: null,
      response: {
        status: 200,
        schema: Type.Object({
          domains: Type.Array(
            Type.Object({
              id: Type.String(),
              name: Type.String(),
              description: Type.String(),
              enabled: Type.Boolean(),
              links: Type.Object({ self: Type.String() }),
            }),
          ),
          links: Type.Object({ self: Type.String() }),
        }),
      },
      handler: ({ principal, headers }) => {
        const base = baseUrl(headers)
        const { domainId: id, domainName: name } = principal!
        return {
          domains: [{ id, name, description: '', enabled: true, links: { self: `${base}/v3/domains/${id}` } }],
          links: { self: `${base}/v3/auth/domains` },
        }
      },
    }),
    defineOperation({
      name: 'KeystoneListRegions',
      summary: 'The region this server serves',
      method: 'GET',
      path: '/v3/regions',
      action: null,
      response: {
        status: 200,
        schema: Type.Object({
          regions: Type.Array(RegionSchema),
          links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
        }),
      },
      handler: ({ headers }, { config }) => {
        const base = baseUrl(headers)
        const region = {
          id: config.region,
          type: 'public',
          description: '',
          parent_region_id: null,
          locales: { 'en-us': `${config.region} (linkplane)`, 'zh-cn': `${config.region} (linkplane)` },
          links: { self: `${base}/v3/regions/${config.region}` },
        }
        return { regions: [region], links: { self: `${base}/v3/regions`, previous: null, next: null } }
      },
    }),
    ...userOperations,
    ...groupOperations,
    ...policyOperations,
    ...permissionOperations,
    ...credentialOperations,
  ],
})
