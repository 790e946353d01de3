import { defineErrors } from '../platform/errors.js'

/** The data plane's admin API errors, in the admin API's envelope and `LINKPLANE.` code family. */
export const DataPlaneError = defineErrors({
  BadRequest: { status: 400, code: 'LINKPLANE.0400', message: (reason: string) => `Invalid request: ${reason}` },
  SubnetNotFound: { status: 404, code: 'LINKPLANE.0404', message: (id: string) => `Subnet ${id} could not be found.` },
  HostNotFound: { status: 404, code: 'LINKPLANE.0404', message: (id: string) => `Test host ${id} could not be found.` },
  NotRealised: {
    status: 409,
    code: 'LINKPLANE.0409',
    message: () => 'Conflict: test hosts need the linux data plane (LINKPLANE_DATAPLANE=linux); this server simulates it.',
  },
  SubnetNotActive: { status: 409, code: 'LINKPLANE.0409', message: (id: string) => `Conflict: subnet ${id} is not ACTIVE.` },
  AddressUnavailable: {
    status: 409,
    code: 'LINKPLANE.0409',
    message: (address: string) => `Conflict: address ${address} is taken, or the subnet has no free address.`,
  },
})
