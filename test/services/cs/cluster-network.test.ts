import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestApp } from '../../support/app.js'

// Found by the fuzzer: an empty vpc_cidr (which VPC v1 accepts) crashed cluster creation with a 500.
test('a cluster with an empty vpc_cidr is refused with CS.10003, and nothing is created', async () => {
  const lp = await createTestApp()
  try {
    const r = await lp.call('POST', `/v1.0/${lp.projectId}/reserved_cluster`, { body: { name: 'abc', vpc_cidr: '' } })
    assert.equal(r.status, 400, JSON.stringify(r.body))
    assert.equal(r.body.error_id, 'CS.10003')
    const list = await lp.call('GET', `/v1.0/${lp.projectId}/reserved_clusters`)
    assert.equal(list.body.payload.total, 0, JSON.stringify(list.body))
  } finally {
    await lp.close()
  }
})
