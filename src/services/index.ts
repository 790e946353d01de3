import type { Service } from '../platform/operation.js'
import { iamService } from './iam/operations.js'
import { vpcService } from './vpc/operations.js'
import { vpcPeeringService } from './vpc-peering/operations.js'
import { csService } from './cs/operations.js'

/** Every cloud service this server implements; app.ts registers each one's routes and transitions. */
export const services: Service[] = [iamService, vpcService, vpcPeeringService, csService]
