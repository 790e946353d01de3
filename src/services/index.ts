import type { Service } from '../platform/operation.js'
import { iamService } from './iam/operations.js'
import { vpcService } from './vpc/operations.js'
import { egService } from './eg/operations.js'
import { functiongraphService } from './functiongraph/operations.js'

/** Every cloud service this server implements; app.ts registers each one's routes and transitions. */
export const services: Service[] = [iamService, vpcService, egService, functiongraphService]
