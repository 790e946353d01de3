import fastJsonStringify from 'fast-json-stringify'
import { lazily } from './lazy.js'

/**
 * JSON serialised earlier, as UTF-8 pieces (a list's items, from the item cache), written into a response
 * as they are: no serialising, no encoding again.
 */
export class SerialisedJson {
  constructor(readonly pieces: Buffer[]) {}

  get json(): string {
    return Buffer.concat(this.pieces).toString('utf8')
  }
}

export type Serialise = (value: unknown) => string

interface ObjectSchema {
  type?: unknown
  properties?: Record<string, object>
  required?: string[]
}

/** fast-json-stringify's serialiser of `schema`, compiled on first use: fields the schema does not list are dropped. */
export const schemaSerialiser = (schema: object): Serialise =>
  lazily(() => fastJsonStringify(literalUnionsAsEnums(schema) as object) as Serialise)

/**
 * The schema with every union of string literals (TypeBox's `Type.Union([Type.Literal('a'), ...])`, an
 * `anyOf` of `const`s) written as a string `enum`, which serialises the same values the same way.
 * fast-json-stringify serialises an `anyOf` by validating the value against each branch with Ajv, per
 * value, and compiles those validators when it builds the serialiser: 17 ms of the first answer
 * (`/_linkplane/health`, whose database engine is such a union) and a validation of every listed item's
 * union fields. A string enum it writes as a string. The declared schemas are not changed (requests are
 * validated with them as they are).
 */
export function literalUnionsAsEnums(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(literalUnionsAsEnums)
  if (typeof schema !== 'object' || schema === null) return schema
  const { anyOf, ...rest } = schema as { anyOf?: unknown[] }
  if (anyOf?.length && anyOf.every(isStringLiteral)) return { ...rest, type: 'string', enum: anyOf.map((branch) => branch.const) }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, literalUnionsAsEnums(value)]))
}

const isStringLiteral = (branch: unknown): branch is { const: string } => typeof (branch as { const?: unknown } | null)?.const === 'string'

/**
 * The serialiser of a declared response schema. A top-level property of an object response may hold
 * SerialisedJson (a list's items, already serialised with their own schema by the item cache), which is
 * written as it is; every other property is serialised with its own schema, so the answer has exactly the
 * declared fields either way, in the declared order.
 */
export function responseSerialiser(schema: object): (value: unknown) => string | Buffer {
  const whole = schemaSerialiser(schema)
  const { type, properties, required = [] } = schema as ObjectSchema
  if (type !== 'object' || !properties) return whole
  const fields = Object.entries(properties).map(([name, fieldSchema]) => ({
    name,
    key: `${JSON.stringify(name)}:`,
    required: required.includes(name),
    serialise: schemaSerialiser(fieldSchema),
  }))
  return (value) => {
    const object = value as Record<string, unknown>
    if (!fields.some((field) => object?.[field.name] instanceof SerialisedJson)) return whole(value)
    // The answer in UTF-8 pieces, joined once: Fastify sends a Buffer as it is.
    const pieces: Buffer[] = []
    let text = '{'
    for (const field of fields) {
      const fieldValue = object[field.name]
      if (fieldValue === undefined) {
        if (field.required) throw new Error(`"${field.name}" is required!`)
        continue
      }
      text += `${text === '{' ? '' : ','}${field.key}`
      if (fieldValue instanceof SerialisedJson) {
        pieces.push(Buffer.from(text), ...fieldValue.pieces)
        text = ''
      } else text += field.serialise(fieldValue)
    }
    pieces.push(Buffer.from(`${text}}`))
    return Buffer.concat(pieces)
  }
}
