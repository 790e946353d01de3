import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import Fastify from 'fastify'
import { CONSOLE_PATH, registerConsole } from '../../src/console/console-routes.js'
import { installGateway } from '../../src/platform/gateway.js'
import { createTestApp } from '../support/app.js'

/** The server side of the web console: its redirect, its static files, and the answer when it is not built. */
const folder = mkdtempSync(join(tmpdir(), 'linkplane-console-test-'))
after(() => rmSync(folder, { recursive: true, force: true }))

async function consoleServer(root: string) {
  const app = Fastify({ logger: false })
  installGateway(app)
  await registerConsole(app, root)
  await app.ready()
  return app
}

describe('web console routes', () => {
  test('/ and the console path without its slash redirect to the console', async () => {
    const lp = await createTestApp()
    try {
      for (const url of ['/', '/_linkplane/console']) {
        const response = await lp.app.inject({ method: 'GET', url })
        assert.equal(response.statusCode, 302, url)
        assert.equal(response.headers.location, CONSOLE_PATH)
      }
    } finally {
      await lp.close()
    }
  })

  test('a built console is served with its security headers; bundles are cached, index.html is not', async () => {
    const root = join(folder, 'built')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>')
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)')
    const app = await consoleServer(root)
    try {
      const index = await app.inject({ method: 'GET', url: CONSOLE_PATH })
      assert.equal(index.statusCode, 200)
      assert.match(index.headers['content-type'] as string, /^text\/html/)
      assert.equal(index.body, '<!doctype html><title>console</title>')
      assert.equal(index.headers['cache-control'], 'no-cache')
      assert.match(index.headers['content-security-policy'] as string, /default-src 'self'/)
      assert.match(index.headers['content-security-policy'] as string, /frame-ancestors 'none'/)
      assert.equal(index.headers['x-content-type-options'], 'nosniff')

      const bundle = await app.inject({ method: 'GET', url: `${CONSOLE_PATH}assets/index-abc123.js` })
      assert.equal(bundle.statusCode, 200)
      assert.match(bundle.headers['content-type'] as string, /javascript/)
      assert.equal(bundle.headers['cache-control'], 'public, max-age=31536000, immutable')

      // Outside the build folder nothing is served, and a missing file is the gateway's ordinary 404.
      for (const url of [`${CONSOLE_PATH}../../package.json`, `${CONSOLE_PATH}%2e%2e/%2e%2e/package.json`, `${CONSOLE_PATH}nothing.js`]) {
        const response = await app.inject({ method: 'GET', url })
        assert.equal(response.statusCode, 404, url)
        assert.doesNotMatch(response.body, /"name": "linkplane"/)
      }
      const missing = await app.inject({ method: 'GET', url: `${CONSOLE_PATH}nothing.js` })
      assert.equal(JSON.parse(missing.body).error_code, 'APIGW.0101')
    } finally {
      await app.close()
    }
  })

  test('without a build, the console path says how to build it (no 500)', async () => {
    const app = await consoleServer(join(folder, 'never-built'))
    try {
      for (const url of [CONSOLE_PATH, `${CONSOLE_PATH}assets/index.js`]) {
        const response = await app.inject({ method: 'GET', url })
        assert.equal(response.statusCode, 404, url)
        assert.match(response.headers['content-type'] as string, /^text\/plain/)
        assert.match(response.body, /web console is not built/)
        assert.match(response.body, /npm run build/)
      }
    } finally {
      await app.close()
    }
  })
})
