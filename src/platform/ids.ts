import { randomBytes, randomUUID } from 'node:crypto'

/** Resource ids: UUIDs with hyphens, as every Huawei resource has. */
export const newId = (): string => randomUUID()

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
