import type { Service } from '../platform/operation.js'
import { csService } from './cs/operations.js'
import { egService } from './eg/operations.js'
import { eswService } from './esw/operations.js'
import { functiongraphService } from './functiongraph/operations.js'
import { iamService } from './iam/operations.js'
import { vpcPeeringService } from './vpc-peering/operations.js'
import { vpcService } from './vpc/operations.js'

/** Every cloud service this server implements; app.ts registers each one's routes and transitions. */
export const services: Service[] = [iamService, vpcService, vpcPeeringService, eswService, egService, functiongraphService, csService]
