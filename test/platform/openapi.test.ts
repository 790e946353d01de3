/**
 * The OpenAPI document linkplane serves is valid OpenAPI 3.1 (checked with @seriousme/openapi-schema-validator,
 * and every schema in it against the JSON Schema 2020-12 meta-schema, 3.1's dialect), its operationIds are
 * unique, and each operation still carries Huawei's own name.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { services } from '../../src/services/index.js'
import { createTestApp, type TestApp } from '../support/app.js'

type OpenApiOperation = {
  operationId: string
  'x-huawei-operation': string
  parameters: Array<{ schema: object }>
  requestBody?: any
  responses: any
}

let lp: TestApp
let document: any
before(async () => {
  lp = await createTestApp()
  const response = await lp.call('GET', '/_linkplane/openapi.json')
  assert.equal(response.status, 200)
  document = response.body
})
after(() => lp.close())

const operations = (): OpenApiOperation[] =>
  Object.values(document.paths as Record<string, Record<string, OpenApiOperation>>).flatMap((p) => Object.values(p))

describe('the OpenAPI document', () => {
  test('is valid OpenAPI 3.1', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(document))
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2))
    assert.equal(validator.version, '3.1')
  })

  test('the validator does refuse an invalid document (so the check above means something)', async () => {
    const broken = structuredClone(document)
    delete broken.info
    broken.paths['/v1/{project_id}/vpcs'].post.responses = 'none'
    assert.equal((await new Validator().validate(broken)).valid, false)
  })

  test('every schema in it is valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false })
    const schemas = operations().flatMap((o) => [
      ...o.parameters.map((p) => p.schema),
      ...Object.values(o.requestBody?.content ?? {}).map((c: any) => c.schema),
      ...Object.values(o.responses).flatMap((r: any) => Object.values(r.content ?? {}).map((c: any) => c.schema)),
    ])
    assert.ok(schemas.length > 200, String(schemas.length))
    for (const schema of schemas) assert.ok(ajv.validateSchema(schema), `${ajv.errorsText()}: ${JSON.stringify(schema).slice(0, 300)}`)
  })

  test("operationIds are unique; Huawei's names are kept, qualified by service only where two services share one", () => {
    const ids = operations().map((o) => o.operationId)
    assert.equal(new Set(ids).size, ids.length, `duplicates: ${ids.filter((id, i) => ids.indexOf(id) !== i)}`)
    const declared = services.flatMap((s) =>
      s.operations.map((o) => ({ service: s.name, name: o.name, huaweiName: o.huaweiName ?? o.name })),
    )
    const byName = new Map(operations().map((o) => [o.operationId, o]))
    for (const { service, name, huaweiName } of declared) {
      const shared = declared.filter((d) => d.name === name).length > 1
      const operation = byName.get(shared ? `${service}.${name}` : name)
      assert.ok(operation, `${service} ${name}`)
      assert.equal(operation['x-huawei-operation'], huaweiName)
    }
    // VPC v3's ShowVpc is declared as ShowVpcV3 (v1 has a ShowVpc) and keeps Huawei's name in the extension.
    assert.equal(byName.get('ShowVpcV3')?.['x-huawei-operation'], 'ShowVpc')
    for (const name of ['CreateConnection', 'ListConnections', 'UpdateConnection', 'DeleteConnection', 'ListQuotas']) {
      assert.equal(byName.get(`esw.${name}`)?.['x-huawei-operation'], name)
      assert.equal(byName.get(`eg.${name}`)?.['x-huawei-operation'], name)
    }
    assert.equal(byName.get('CreateVpc')?.['x-huawei-operation'], 'CreateVpc')
  })
})
