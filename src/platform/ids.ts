import { randomBytes, randomUUID } from 'node:crypto'
import { v7 } from 'uuid'

/**
 * Resource ids: UUIDs with hyphens, as every Huawei resource has. Version 7 (RFC 9562: the time in
 * milliseconds first, then random bits; monotonic within a process), not 4: a new row's id, and the ids
 * other rows refer to it by (an address's device, a lifecycle task's resource), sort after those before
 * it, so every insert lands at the end of its indexes. With random ids each insert touched a page of its
 * own in every such index: a group commit wrote about ten times the pages to the WAL, and CreateSubnet cost
 * 0.71 against 0.45 ms of CPU (bench/README.md). Clients see an opaque UUID either way.
 */
export const newId = (): string => v7()

/** Project, domain, user and request ids: 32 lowercase hex characters. */
export const newHexId = (): string => randomUUID().replaceAll('-', '')

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function randomString(alphabet: string, length: number): string {
  // 256 is a multiple of neither alphabet length, so reject the bytes that would bias the draw.
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length]
    }
  }
  return out
}

/** Access keys look like Huawei's: 20 upper-case letters and digits. */
export const newAccessKey = (): string => randomString(UPPER_ALNUM, 20)

/** Secret keys: 40 letters and digits. */
export const newSecretKey = (): string => randomString(ALNUM, 40)

/** Generated passwords: 20 letters and digits, with a symbol so Huawei-style complexity rules accept them. */
export const newPassword = (): string => `${randomString(ALNUM, 19)}!`
