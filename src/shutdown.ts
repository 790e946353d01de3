import type { FastifyInstance } from 'fastify'

/**
 * How `linkplane serve` stops. On SIGTERM or SIGINT it stops accepting connections at once and answers
 * every request it has already received (each answer says `Connection: close`, see the gateway), for at
 * most `graceSeconds`; then the lifecycle engine stops, the database is closed and the process exits 0.
 *
 * Choice: requests still running when the grace period ends have their connections closed, and the
 * process exits 1, so that a supervisor can tell a drained stop from a cut one. A second signal exits at
 * once, with 1, for an operator who will not wait.
 */
export function stopOnSignals(app: FastifyInstance, graceSeconds: number): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stdout.write(`${signal} again: exiting now\n`)
      process.exit(1)
    }
    stopping = true
    app.log.info(`${signal}: answering the requests already received (for at most ${graceSeconds} s), then closing the database`)
    let cut = false
    const grace = setTimeout(() => {
      cut = true
      app.log.warn(`${signal}: the ${graceSeconds} s grace period is over: closing the connections of the requests still running`)
      app.server.closeAllConnections()
    }, graceSeconds * 1000)
    app.close().then(
      () => {
        clearTimeout(grace)
        process.exit(cut ? 1 : 0)
      },
      (error) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}
