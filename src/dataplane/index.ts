import type { DataPlaneDriver } from './driver.js'
import { simulatedDataPlane } from './simulated.js'

export type { DataPlaneDriver, LinkStatus, Tunnel } from './driver.js'

/**
 * The data plane ESW connections run on. `simulated` is the only driver so far; when a `linux` driver
 * exists, a setting will choose between them here.
 */
export function dataPlane(): DataPlaneDriver {
  return simulatedDataPlane
}
