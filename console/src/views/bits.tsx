import { ApiFailure, Denied } from '../api/http'
import { POLL_INTERVAL_MS, type Live } from '../live'
import { toneOf } from '../status'

/** Small pieces every page uses. */

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`status tone-${toneOf(status)}`} data-status={status}>
      {status}
    </span>
  )
}

/**
 * Why something cannot be shown. An IAM denial is the user's permissions at work and says so with IAM's
 * own words; an API error shows its code; anything else means the server could not be reached.
 */
export function Problem({ error, what }: { error: unknown; what: string }) {
  if (error instanceof Denied) {
    return (
      <div class="notice denied" role="status" data-problem="denied">
        <strong>Access denied.</strong> Your IAM permissions do not allow you to {what}: {error.details.message}
        <span class="code">{error.details.code}</span>
      </div>
    )
  }
  if (error instanceof ApiFailure) {
    return (
      <div class="notice failed" role="alert" data-problem="api">
        <strong>The API answered {error.details.status}.</strong> {error.details.message}
        <span class="code">{error.details.code}</span>
      </div>
    )
  }
  return (
    <div class="notice failed" role="alert" data-problem="unreachable">
      <strong>Cannot reach linkplane.</strong> {error instanceof Error ? error.message : String(error)}
    </div>
  )
}

/** Whether what is on screen is current: when it was last read, or that reads are failing. */
export function LiveStamp({ live }: { live: Live<unknown> }) {
  if (!live.checkedAt) return <span class="live">Loading…</span>
  if (live.error !== undefined && live.data !== undefined) {
    return <span class="live stale">Not updating: the last read failed</span>
  }
  return (
    <span class="live" title={`Read again every ${POLL_INTERVAL_MS / 1000} s`}>
      <span class="pulse" aria-hidden="true" />
      {/* A refusal is asked again too: a policy granted meanwhile shows the resources without a reload. */}
      Live · {live.error === undefined ? 'updated' : 'checked'} {live.checkedAt.toLocaleTimeString()}
    </span>
  )
}
