/**
 * Time as stored (ISO 8601 with milliseconds, UTC: sorts as text on every SQL engine) and as each service
 * writes it. Services do not agree on a format, and linkplane does not normalise them.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** The stored form: `2025-07-28T08:39:59.123Z`. */
export const toStored = (date: Date): string => date.toISOString()

/** ESW: `2025-07-28T08:39:59Z`. */
export const isoSeconds = (stored: string): string => `${stored.slice(0, 19)}Z`

/** VPC v1, v3 and peering: `2025-07-28T08:39:59`, UTC without a zone. */
export const isoSecondsNoZone = (stored: string): string => stored.slice(0, 19)

/** IAM tokens: `2020-01-04T09:05:22.701000Z`, six fractional digits. */
export const isoMicros = (stored: string): string => `${stored.slice(0, 23)}000Z`

export const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000)
