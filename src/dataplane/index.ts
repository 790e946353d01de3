import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.js'
import type { DataPlane } from './driver.js'
import { LinuxDataPlane } from './linux/linux-data-plane.js'
import { simulatedDataPlane } from './simulated.js'

export type { DataPlane, DataPlaneObject, DataPlaneReport, LinkStatus, Tunnel } from './driver.js'

/** The data plane the configuration asks for; `simulated` unless LINKPLANE_DATAPLANE says `linux`. */
export function createDataPlane(config: Config, log: FastifyBaseLogger): DataPlane {
  const settings = config.dataplane
  return settings?.driver === 'linux' ? new LinuxDataPlane(settings, log) : simulatedDataPlane
}
