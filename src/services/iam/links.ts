import type { IncomingHttpHeaders } from 'node:http'

/** Links in IAM bodies point back at this server, as the client reached it. */
export const baseUrl = (headers: IncomingHttpHeaders): string => `http://${headers.host ?? '127.0.0.1'}`

/** Keystone collection links: `self` only, `previous`/`next` null (no paging). */
export const collectionLinks = (headers: IncomingHttpHeaders, path: string) => ({
  self: `${baseUrl(headers)}${path}`,
  previous: null,
  next: null,
})
