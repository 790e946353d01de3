import type { IncomingHttpHeaders } from 'node:http'
import secureJson from 'secure-json-parse'
import { ApiError, GatewayError } from './errors.js'

/**
 * linkplane's choices where the gateway documents no number (each refused with APIGW.0201, 400): JSON
 * nesting depth, and the length of any array in a body. Huawei's own bodies nest a few levels and list at
 * most a few thousand items.
 */
const MAX_JSON_DEPTH = 32
const MAX_ARRAY_ITEMS = 2000

/** A body error in the envelope of the service the request is for (its 400, or 415 for what it cannot read). */
export type BadRequest = (reason: string) => ApiError

/**
 * The request body as JSON, or undefined when there is none. Only JSON is read: Huawei's APIs take
 * nothing else, and every official SDK sends `Content-Type: application/json` (the Node SDK normalises any
 * JSON type to exactly that; IAM documents `application/json;charset=utf8`).
 *
 * Choice: a body with any `Content-Encoding` but `identity` is refused (415), not decoded. No Huawei SDK or
 * the Terraform provider compresses requests; decoding would add a decompression bomb to guard against,
 * and the signature covers the bytes as received, so a client could not sign anything else anyway.
 */
export function parseJsonBody(
  body: Buffer | undefined,
  headers: IncomingHttpHeaders,
  badRequest: BadRequest,
  /** A bulk body (Operation.bulkBodyLimit): its arrays may be longer than a cloud service's. */
  bulk = false,
): unknown {
  const encoding = headers['content-encoding']?.trim().toLowerCase()
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw unsupported(badRequest(`Content-Encoding ${encoding} is not supported: send the JSON body uncompressed`))
  }
  if (!body || body.length === 0) return undefined
  const type = headers['content-type']
  if (!isJson(type)) {
    const given = type === undefined ? 'no Content-Type' : `Content-Type ${type}`
    throw unsupported(badRequest(`the body must be JSON with Content-Type application/json, not ${given}`))
  }
  if (jsonTooDeep(body)) throw GatewayError.BadRequest('the JSON body is nested too deeply')
  let value: unknown
  try {
    value = secureJson.parse(body, undefined, { protoAction: 'error', constructorAction: 'error' })
  } catch (error) {
    // secure-json-parse refuses keys that would reach Object.prototype once merged into an object.
    if (error instanceof SyntaxError && error.message === 'Object contains forbidden prototype property') {
      throw badRequest('the JSON body holds a "__proto__" or "constructor.prototype" key, which is not allowed')
    }
    throw badRequest('the request body is not valid JSON')
  }
  if (!bulk && arrayTooLong(value)) throw GatewayError.BadRequest('an array in the JSON body is too long')
  return value
}

/** `application/json`, with or without parameters (`;charset=utf8`), in any letter case. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0].trim().toLowerCase() === 'application/json'
}

/** The service's own code and message, as 415 Unsupported Media Type: the body was not read at all. */
function unsupported(error: ApiError): ApiError {
  return new ApiError(415, error.code, error.message, error.style)
}

/** JSON nested deeper than `limit` (counted on the raw bytes, before any parser recurses into it). */
function jsonTooDeep(body: Buffer, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (inString) {
      // A backslash escapes the next character (which may be a quote).
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/** Whether any array in a parsed body is longer than `limit` (walked without recursion). */
function arrayTooLong(value: unknown, limit = MAX_ARRAY_ITEMS): boolean {
  const pending: unknown[] = [value]
  while (pending.length) {
    const next = pending.pop()
    if (Array.isArray(next)) {
      if (next.length > limit) return true
      pending.push(...next)
    } else if (next !== null && typeof next === 'object') {
      pending.push(...Object.values(next))
    }
  }
  return false
}
