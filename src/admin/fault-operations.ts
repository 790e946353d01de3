import Type from 'typebox'
import { FaultRefused, FaultSpec } from '../faults/spec.js'
import { defineOperation, type Operation } from '../platform/operation.js'
import { AdminError } from './errors.js'

const Fault = Type.Intersect([FaultSpec, Type.Object({ id: Type.String(), hits: Type.Integer(), created_at: Type.String() })])
const FaultId = Type.Object({ fault_id: Type.String() })

/** `/_linkplane/faults`: rules that make requests fail or answer late, and lifecycles stall or fail. */
export const faultOperations: Operation[] = [
  defineOperation({
    name: 'CreateFault',
    summary: 'Creates a fault rule: matching requests answer an error or late, or matching transitions stall or fail',
    method: 'POST',
    path: '/_linkplane/faults',
    action: null,
    access: 'admin',
    body: FaultSpec,
    response: { status: 201, schema: Type.Object({ fault: Fault }) },
    handler: async ({ body }, { faults }) => {
      try {
        return { fault: await faults.create(body) }
      } catch (error) {
        throw error instanceof FaultRefused ? AdminError.BadRequest(error.message) : error
      }
    },
  }),
  defineOperation({
    name: 'ListFaults',
    summary: 'Lists the fault rules, oldest first, with how often each was hit',
    method: 'GET',
    path: '/_linkplane/faults',
    action: null,
    access: 'admin',
    response: { status: 200, schema: Type.Object({ faults: Type.Array(Fault) }) },
    handler: async (_input, { faults }) => ({ faults: await faults.list() }),
  }),
  defineOperation({
    name: 'ShowFault',
    summary: 'Shows a fault rule and how often it was hit',
    method: 'GET',
    path: '/_linkplane/faults/:fault_id',
    action: null,
    access: 'admin',
    params: FaultId,
    response: { status: 200, schema: Type.Object({ fault: Fault }) },
    handler: async ({ params }, { faults }) => {
      const fault = await faults.show(params.fault_id)
      if (!fault) throw AdminError.NotFound(`fault rule ${params.fault_id}`)
      return { fault }
    },
  }),
  defineOperation({
    name: 'DeleteFault',
    summary: 'Deletes a fault rule; transitions it held back move on',
    method: 'DELETE',
    path: '/_linkplane/faults/:fault_id',
    action: null,
    access: 'admin',
    params: FaultId,
    response: { status: 204 },
    handler: async ({ params }, { faults }) => {
      if (!(await faults.remove(params.fault_id))) throw AdminError.NotFound(`fault rule ${params.fault_id}`)
    },
  }),
  defineOperation({
    name: 'DeleteFaults',
    summary: 'Deletes every fault rule',
    method: 'DELETE',
    path: '/_linkplane/faults',
    action: null,
    access: 'admin',
    response: { status: 204 },
    handler: async (_input, { faults }) => {
      await faults.remove()
    },
  }),
]
