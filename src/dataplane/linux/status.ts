import { formatTable } from '../../cli/table.js'
import type { Db } from '../../store/database.js'
import { kernelComparison, reportOf } from './linux-data-plane.js'
import { Names } from './names.js'
import { checkRequirements } from './preflight.js'

/** The comparison of the kernel with the database, as a table for people (`linkplane dataplane status`). */
export async function dataplaneStatus(db: Db, prefix: string): Promise<{ text: string; inSync: boolean }> {
  await checkRequirements()
  const names = new Names(prefix)
  const report = reportOf(names, (await kernelComparison(db, names)).comparison.objects, [])
  const rows = report.objects.map((o) => [
    o.state,
    o.kind,
    o.resource_type ? `${o.resource_type} ${o.resource_id}`.trim() : '-',
    o.namespace || '-',
    o.device || '-',
    o.detail,
  ])
  const header = ['STATE', 'KIND', 'RESOURCE', 'NAMESPACE', 'DEVICE', 'DETAIL']
  const differing = report.objects.filter((o) => o.state !== 'ok').length
  const summary = `linux data plane, prefix ${prefix}: ${report.objects.length} objects, ${
    report.in_sync ? 'all match the database' : `${differing} do not match the database`
  }`
  return { text: `${summary}\n${formatTable(header, rows)}`, inSync: report.in_sync }
}
