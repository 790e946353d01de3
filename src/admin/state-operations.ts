import Type from 'typebox'
import type { AppContext } from '../context.js'
import { defineOperation, type Operation } from '../platform/operation.js'
import { StateConflict, StateDocument, StateRefused } from '../state/document.js'
import { exportState } from '../state/export.js'
import { importState } from '../state/import.js'
import { resetState } from '../state/reset.js'
import { AdminError } from './errors.js'
import { AccountWithSecrets } from './schemas.js'

/**
 * How large a state document PUT /_linkplane/state takes (linkplane's choice: far beyond the gateway's 12 MB,
 * small enough to parse in memory). Larger states go through `linkplane state import` on the database.
 */
const STATE_BODY_LIMIT = 256 * 1024 * 1024

/** The state changed under the running server: fault rules are re-read, held-back transitions looked at again. */
async function afterStateChange(context: AppContext): Promise<void> {
  await context.faults.refresh(true)
}

function answer(error: unknown): never {
  if (error instanceof StateRefused) throw AdminError.BadRequest(error.message)
  if (error instanceof StateConflict) throw AdminError.Conflict(error.message)
  throw error
}

/** `/_linkplane/state`: the whole state as one document, out and in, and back to a fresh server. */
export const stateOperations: Operation[] = [
  defineOperation({
    name: 'ExportState',
    summary:
      'The whole state (every account, resource, pending transition and fault rule) as one versioned JSON document; it holds secrets',
    method: 'GET',
    path: '/_linkplane/state',
    action: null,
    access: 'admin',
    response: { status: 200, schema: StateDocument },
    handler: (_input, { db, clock }) => exportState(db, clock),
  }),
  defineOperation({
    name: 'ImportState',
    summary:
      "Replaces the whole state with a document's, after checking all of it (migrated first when an older linkplane wrote it); on any error nothing changes",
    method: 'PUT',
    path: '/_linkplane/state',
    action: null,
    access: 'admin',
    // The layout is checked by importState, whose reasons say where a document is wrong.
    body: Type.Object({
      format: Type.String(),
      version: Type.Integer(),
      schema: Type.String(),
      data: Type.Record(Type.String(), Type.Unknown()),
    }),
    bulkBodyLimit: STATE_BODY_LIMIT,
    response: {
      status: 200,
      schema: Type.Object({ schema: Type.Object({ document: Type.String(), imported: Type.String() }), rows: Type.Integer() }),
    },
    handler: async ({ body }, context) => {
      const result = await importState(context, body).catch(answer)
      await afterStateChange(context)
      return result
    },
  }),
  defineOperation({
    name: 'ResetState',
    summary:
      "Resets to a fresh server's state, keeping the bootstrap account and its credentials; accounts from the accounts file are created again",
    method: 'DELETE',
    path: '/_linkplane/state',
    action: null,
    access: 'admin',
    response: { status: 200, schema: Type.Object({ accounts_created: Type.Array(AccountWithSecrets) }) },
    handler: async (_input, context) => {
      const { accountsCreated } = await resetState(context).catch(answer)
      await afterStateChange(context)
      return { accounts_created: accountsCreated }
    },
  }),
]
