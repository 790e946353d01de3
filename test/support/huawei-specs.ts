/**
 * Validates response bodies against Huawei's own machine-readable definitions of each operation
 * (../shared/reference/huawei-api-specs/<Service>/<Operation>.json, swagger 2.0 from API Explorer).
 * The folder lives outside the repository; without it these checks skip with a clear reason.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type ErrorObject } from 'ajv'

export const SPECS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/reference/huawei-api-specs')
export const SPECS_MISSING = existsSync(SPECS_DIR) ? false : `Huawei's API definitions are not at ${SPECS_DIR}`

/**
 * Places where Huawei's definition contradicts its own examples; a response may differ from the schema
 * there. Each entry says why.
 */
export interface Deviation {
  path: RegExp
  keyword: string
  why: string
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true })

export function specExample(service: string, operation: string, status = '200'): unknown {
  const spec = JSON.parse(readFileSync(join(SPECS_DIR, service, `${operation}.json`), 'utf8'))
  const response = Object.values(spec.paths as Record<string, Record<string, any>>)[0]
  return (Object.values(response)[0] as any).responses[status]?.examples?.['application/json']
}

/** Errors of `body` against the operation's response schema for `status`, minus the listed deviations. */
export function specErrors(service: string, operation: string, status: number, body: unknown, deviations: Deviation[] = []): string[] {
  const spec = JSON.parse(readFileSync(join(SPECS_DIR, service, `${operation}.json`), 'utf8'))
  const methods = Object.values(spec.paths as Record<string, Record<string, any>>)[0]
  const op = Object.values(methods)[0]
  const response = op.responses[String(status)]
  if (!response) return [`the definition has no ${status} response`]
  if (!response.schema) return body === undefined || body === '' ? [] : ['the definition declares no body']
  const validate = ajv.compile({ ...response.schema, definitions: spec.definitions })
  if (validate(body)) return []
  return (validate.errors ?? [])
    .filter((e: ErrorObject) => !deviations.some((d) => d.keyword === e.keyword && d.path.test(e.instancePath)))
    .map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
}
