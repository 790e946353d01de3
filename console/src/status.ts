/**
 * Every status the services report, sorted into the few tones the console colours them by. One table:
 * the badges, the topology and its legend all read it.
 */
export type Tone = 'ok' | 'progress' | 'waiting' | 'failed' | 'ended'

export const TONES: Array<{ tone: Tone; label: string; statuses: string[] }> = [
  {
    tone: 'ok',
    label: 'Ready',
    statuses: ['OK', 'ACTIVE', 'active', 'connected', 'CREATED', 'cluster_running', 'cluster_create_success'],
  },
  {
    tone: 'progress',
    label: 'In progress',
    statuses: ['CREATING', 'UNKNOWN', 'build', 'pending', 'deleting', 'cluster_creating', 'cluster_starting', 'cluster_deleting'],
  },
  { tone: 'waiting', label: 'Waiting or link down', statuses: ['PENDING_ACCEPTANCE', 'disconnect'] },
  {
    tone: 'failed',
    label: 'Failed',
    statuses: ['ERROR', 'CREATE_FAILED', 'cluster_create_fail', 'cluster_delete_fail', 'REJECTED'],
  },
  { tone: 'ended', label: 'Ended or unused', statuses: ['EXPIRED', 'DELETED', 'DOWN'] },
]

const byStatus = new Map(TONES.flatMap(({ tone, statuses }) => statuses.map((status) => [status, tone] as const)))

/** A status no service is known to report is shown as ended (grey) rather than guessed at. */
export const toneOf = (status: string): Tone => byStatus.get(status) ?? 'ended'
