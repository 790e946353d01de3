import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../support/app.js'
import { assertEswError, connectionBody, esw, instanceBody, network, type Network } from '../../support/esw.js'

/**
 * The `manual` lifecycle mode holds every resource in its first status until the test advances it, so the
 * intermediate statuses and the refusals that depend on them can be observed.
 */
let lp: TestApp
let net: Network
const base = () => esw(lp.projectId)

before(async () => {
  lp = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
  net = await network(lp, { prefix: '10.50', l2: [1] })
})
after(() => lp.close())

describe('instance and connection statuses, step by step', () => {
  test('build, active, pending, disconnect, deleting, gone; and the refusals on the way', async () => {
    const created = await lp.call('POST', `${base()}/instances`, { body: instanceBody(net) })
    const id = created.body.instance.id
    const path = `${base()}/instances/${id}`
    assert.equal((await lp.call('GET', path)).body.instance.status, 'build')
    // Terraform's create wait: `build` is a pending state, and reads are stable meanwhile.
    assert.deepEqual((await lp.call('GET', path)).body.instance, (await lp.call('GET', path)).body.instance)
    const running = (await lp.call('GET', `${base()}/resources/${id}/jobs`)).body.jobs[0]
    assert.deepEqual([running.name, running.status, running.process, running.end_time], ['CreateHAInstance', 'RUNNING', '0%', undefined])

    assertEswError(await lp.call('POST', `${path}/connections`, { body: connectionBody(net, 0, {}) }), 409, 'l2cg.9920')
    const busy = await lp.call('DELETE', path)
    assertEswError(busy, 409, 'l2cg.9921')
    assert.equal(busy.body.error_msg, `The instance ${id} is being built or is being deleted.`)
    // Renaming is allowed while building.
    assert.equal((await lp.call('PUT', path, { body: { instance: { name: 'renamed-in-build' } } })).status, 200)

    assert.deepEqual(await lp.advance(), [{ kind: 'esw.instance-active', resource_id: id }])
    assert.equal((await lp.call('GET', path)).body.instance.status, 'active')

    const connection = (await lp.call('POST', `${path}/connections`, { body: connectionBody(net, 0, {}) })).body.connection
    const connectionPath = `${path}/connections/${connection.id}`
    assert.equal(connection.status, 'pending')
    assert.equal((await lp.call('GET', connectionPath)).body.connection.status, 'pending')
    const pending = await lp.call('DELETE', connectionPath)
    assertEswError(pending, 409, 'l2cg.9930')
    assert.equal(pending.body.error_msg, `The connection ${connection.id} is being built and is not allowed to delete.`)
    assertEswError(await lp.call('DELETE', path), 409, 'l2cg.9907')

    assert.deepEqual(await lp.advance(), [{ kind: 'esw.connection-ready', resource_id: connection.id }])
    assert.equal((await lp.call('GET', connectionPath)).body.connection.status, 'disconnect')
    assert.equal((await lp.call('DELETE', connectionPath)).status, 204)
    assertEswError(await lp.call('GET', connectionPath), 404, 'l2cg.9904')

    assert.equal((await lp.call('DELETE', path)).status, 204)
    // Terraform's delete wait: after the 204 the instance reads as `deleting` (not active) until it is gone.
    assert.equal((await lp.call('GET', path)).body.instance.status, 'deleting')
    assertEswError(await lp.call('DELETE', path), 409, 'l2cg.9921')
    assertEswError(await lp.call('PUT', path, { body: { instance: { name: 'late' } } }), 409, 'l2cg.9921')
    assertEswError(await lp.call('POST', `${path}/connections`, { body: connectionBody(net, 0, {}) }), 409, 'l2cg.9920')
    assert.deepEqual(await lp.advance(), [{ kind: 'esw.instance-deleted', resource_id: id }])
    assertEswError(await lp.call('GET', path), 404, 'l2cg.9923')
    const jobs = (await lp.call('GET', `${base()}/resources/${id}/jobs`)).body.jobs
    assert.deepEqual(
      jobs.map((j: any) => [j.name, j.status, j.resource_name]),
      [
        ['CreateHAInstance', 'COMPLETED', 'esw-test'],
        ['DeleteHAInstance', 'COMPLETED', 'renamed-in-build'],
      ],
    )
  })

  test('a connection still pending does not bring its peer up; it does when its own tunnels are built', async () => {
    const second = await network(lp, { prefix: '10.60', l2: [1] })
    const make = async (n: Network) => {
      const id = (await lp.call('POST', `${base()}/instances`, { body: instanceBody(n) })).body.instance.id
      await lp.advance()
      return (await lp.call('GET', `${base()}/instances/${id}`)).body.instance
    }
    const a = await make(net)
    const b = await make(second)
    const onA = (
      await lp.call('POST', `${base()}/instances/${a.id}/connections`, {
        body: connectionBody(net, 0, { segmentation_id: 8, tunnel_ip: b.tunnel_info.tunnel_ip }),
      })
    ).body.connection
    await lp.advance()
    const onB = (
      await lp.call('POST', `${base()}/instances/${b.id}/connections`, {
        body: connectionBody(second, 0, { segmentation_id: 8, tunnel_ip: a.tunnel_info.tunnel_ip }),
      })
    ).body.connection
    const read = async (c: any) => (await lp.call('GET', `${base()}/instances/${c.instance_id}/connections/${c.id}`)).body.connection.status
    assert.deepEqual([await read(onA), await read(onB)], ['disconnect', 'pending'])
    await lp.advance()
    assert.deepEqual([await read(onA), await read(onB)], ['connected', 'connected'])
  })
})
