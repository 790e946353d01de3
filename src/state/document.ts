import Type, { type Static } from 'typebox'

/** What a state document says it is; `version` changes only when the document's own layout does. */
export const STATE_FORMAT = 'linkplane-state'
export const STATE_VERSION = 1

export type Row = Record<string, unknown>

/**
 * The whole state of a server as one JSON document: every table's rows, grouped by the owner of the table
 * (`data.vpc.subnets`), at the schema `schema` names (the last migration applied). Importing looks tables
 * up by name whichever owner they sit under, so a document survives tables changing owner.
 */
export const StateDocument = Type.Object({
  format: Type.Literal(STATE_FORMAT),
  version: Type.Literal(STATE_VERSION),
  schema: Type.String({ description: 'the last migration applied to the exporting database' }),
  linkplane: Type.Optional(Type.String({ description: 'the exporting linkplane version' })),
  exported_at: Type.Optional(Type.String()),
  data: Type.Record(Type.String(), Type.Record(Type.String(), Type.Array(Type.Record(Type.String(), Type.Unknown())))),
})
export type StateDocument = Static<typeof StateDocument>

/** The document cannot be imported (the reason says where); the admin API answers 400. */
export class StateRefused extends Error {}

/** The document disagrees with this server's configuration (its bootstrap ids); the admin API answers 409. */
export class StateConflict extends Error {}
