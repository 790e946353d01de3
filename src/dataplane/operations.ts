import Type from 'typebox'
import type { AppContext } from '../context.js'
import { defineOperation } from '../platform/operation.js'
import { createHost, deleteHost, hostView, listHosts } from './hosts.js'

const Host = Type.Object({
  id: Type.String(),
  namespace: Type.String(),
  ip_address: Type.String(),
  subnet_id: Type.String(),
  vpc_id: Type.String(),
})

const Report = Type.Object({
  driver: Type.String(),
  prefix: Type.String(),
  in_sync: Type.Boolean(),
  objects: Type.Array(
    Type.Object({
      kind: Type.String(),
      resource_type: Type.String(),
      resource_id: Type.String(),
      namespace: Type.String(),
      device: Type.String(),
      state: Type.String(),
      detail: Type.String(),
    }),
  ),
  errors: Type.Array(Type.String()),
})

/** Test hosts are named after the linux data plane's prefix (none on a simulated one). */
const prefixOf = ({ config, dataplane }: AppContext) => (dataplane.name === 'linux' ? config.dataplane?.prefix : undefined)

/**
 * `/_linkplane/dataplane`: what the data plane realises and whether the kernel matches, a forced
 * reconciliation, and test hosts. Part of the admin API (bootstrap administrator only).
 */
export const dataplaneOperations = [
  defineOperation({
    name: 'ShowDataPlane',
    summary: 'Every object the data plane realises and whether the kernel matches the database (changes nothing)',
    method: 'GET',
    path: '/_linkplane/dataplane',
    action: null,
    access: 'admin',
    response: { status: 200, schema: Report },
    handler: (_input, { dataplane }) => dataplane.report(),
  }),
  defineOperation({
    name: 'ReconcileDataPlane',
    summary: 'Makes the kernel match the database now, repairing changes made by hand; answers the result',
    method: 'POST',
    path: '/_linkplane/dataplane/reconcile',
    action: null,
    access: 'admin',
    body: Type.Object({}),
    response: { status: 200, schema: Report },
    handler: (_input, { dataplane }) => dataplane.reconcile(),
  }),
  defineOperation({
    name: 'CreateTestHost',
    summary: 'A namespace on a subnet (linux data plane) holding one address of it, given or the lowest free',
    method: 'POST',
    path: '/_linkplane/dataplane/hosts',
    action: null,
    access: 'admin',
    body: Type.Object({
      subnet_id: Type.String({ minLength: 1, maxLength: 64 }),
      ip_address: Type.Optional(Type.String({ maxLength: 64 })),
    }),
    response: { status: 201, schema: Host },
    handler: async ({ body }, context) => hostView(await createHost(body, context), prefixOf(context)),
  }),
  defineOperation({
    name: 'ListTestHosts',
    summary: 'Lists the test hosts, oldest first',
    method: 'GET',
    path: '/_linkplane/dataplane/hosts',
    action: null,
    access: 'admin',
    response: { status: 200, schema: Type.Object({ hosts: Type.Array(Host) }) },
    handler: async (_input, context) => ({ hosts: (await listHosts(context.db)).map((h) => hostView(h, prefixOf(context))) }),
  }),
  defineOperation({
    name: 'DeleteTestHost',
    summary: 'Removes a test host: its namespace, and its address from the subnet',
    method: 'DELETE',
    path: '/_linkplane/dataplane/hosts/:host_id',
    action: null,
    access: 'admin',
    params: Type.Object({ host_id: Type.String() }),
    response: { status: 204 },
    handler: ({ params }, context) => deleteHost(params.host_id, context),
  }),
]
