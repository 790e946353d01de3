import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { PACKAGE_ROOT } from '../package-root.js'

/** Where the web console is served; `/` redirects here. */
export const CONSOLE_PATH = '/_linkplane/console/'

/** What `npm run build` writes (`vite build console`), whether the server runs from src/ or from dist/cli.js. */
export const CONSOLE_BUILD = join(PACKAGE_ROOT, 'console/dist')

/**
 * The console loads only its own bundle and talks only to this server (its API calls carry the user's
 * token): nothing inline, nothing from elsewhere, never framed.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/**
 * Serves the web console's static files (no credentials needed to load them: every API call the console
 * makes is authenticated with the signed-in user's token) and redirects `/` to it. When the console had
 * not been built when the server started, its path answers a plain message saying how to build it.
 */
export async function registerConsole(app: FastifyInstance, root = CONSOLE_BUILD): Promise<void> {
  for (const path of ['/', CONSOLE_PATH.slice(0, -1)]) app.get(path, (_request, reply) => reply.redirect(CONSOLE_PATH))
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      reply.header('X-Content-Type-Options', 'nosniff')
      reply.header('Referrer-Policy', 'no-referrer')
    })
    if (!existsSync(join(root, 'index.html'))) {
      scope.get(`${CONSOLE_PATH}*`, (_request, reply) =>
        reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send(`The linkplane web console is not built (nothing in ${root}).\nRun \`npm run build\`, then restart linkplane.\n`),
      )
      return
    }
    await scope.register(fastifyStatic, {
      root,
      prefix: CONSOLE_PATH,
      cacheControl: false,
      // Bundles have content hashes in their names and never change; index.html names the current ones.
      setHeaders: (res, path) =>
        res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
    })
  })
}
