import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import { routeContext } from './gateway.js'

/**
 * One log line per request, when it completes: the Huawei operation, status and duration. Headers are
 * never logged, so neither signatures nor tokens reach the logs.
 */
export class RequestLog extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'request_id' })
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      operation: routeContext(request)?.operation.name,
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    }
    if (error) reply.log.error({ ...line, err: error }, 'request failed')
    else reply.log.info(line, 'request')
  }
}
