import type { AppContext } from '../../context.js'
import { parseCidr, type Cidr } from '../../platform/net/ipv4.js'
import { toStored } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { prepared } from '../../store/prepared.js'
import { writeOrDryRun } from './dry-run.js'
import { VpcError } from './errors.js'
import { extendCidr, MAX_EXTEND_CIDRS } from './rules.js'
import type { VpcRow } from './tables.js'
import { getVpc } from './vpcs.js'

/**
 * Secondary CIDRs (v3 `extend_cidrs`): more address space for a VPC's subnets. A subnet may lie in the
 * primary CIDR or in a secondary one; a secondary CIDR goes only when no subnet lies in it.
 */

const extendCidrsById = prepared((db, v: { vpcId: string }) =>
  db.selectFrom('vpc_extend_cidrs').select('cidr').where('vpc_id', '=', v.vpcId).orderBy('created_at').orderBy('cidr_first'),
)

/** The secondary CIDRs of a VPC, oldest first (every CreateSubnet reads them: compiled once). */
export async function extendCidrsOfVpc(db: Db, vpcId: string): Promise<Cidr[]> {
  return (await extendCidrsById.all(db, { vpcId })).map((row) => parseCidr(row.cidr)!)
}

/** The secondary CIDRs of each VPC, oldest first. */
export async function extendCidrsOf(db: Db, vpcIds: string[]): Promise<Map<string, Cidr[]>> {
  const result = new Map<string, Cidr[]>(vpcIds.map((id) => [id, []]))
  if (vpcIds.length === 0) return result
  const rows = await db
    .selectFrom('vpc_extend_cidrs')
    .select(['vpc_id', 'cidr'])
    .where('vpc_id', 'in', vpcIds)
    .orderBy('created_at')
    .orderBy('cidr_first')
    .execute()
  for (const row of rows) result.get(row.vpc_id)!.push(parseCidr(row.cidr)!)
  return result
}

type ChangeBlocks = (projectId: string, vpcId: string, texts: string[], dryRun: boolean | undefined, context: AppContext) => Promise<void>

/**
 * A change of a VPC's secondary CIDRs, in one transaction (a dry run keeps nothing): the VPC must exist and
 * no longer be CREATING, and its update time moves.
 */
function blockChange(change: (trx: Db, vpc: VpcRow, texts: string[], now: string) => Promise<void>): ChangeBlocks {
  return (projectId, vpcId, texts, dryRun, { db, clock }) =>
    writeOrDryRun(db, dryRun, async (trx) => {
      // Under the VPC's lock, as subnets are placed (see createSubnet): the checks below see every subnet.
      await holdLocks(trx, `vpc:${vpcId}`)
      const vpc = await getVpc(trx, projectId, vpcId)
      if (vpc.status !== 'OK') throw VpcError.VpcNotUpdatable()
      const now = toStored(clock.now())
      await change(trx, vpc, texts, now)
      await trx.updateTable('vpcs').set({ updated_at: now }).where('id', '=', vpcId).execute()
    })
}

/**
 * Adds secondary CIDRs. Huawei documents one per call and the Terraform provider sends all of a
 * configuration's in one list; linkplane takes several, each checked against the primary CIDR and every
 * other secondary one (those already there and those before it in the list), within the quota.
 */
export const addExtendCidrs = blockChange(async (trx, vpc, texts, now) => {
  const primary = parseCidr(vpc.cidr)
  const secondary = await extendCidrsOfVpc(trx, vpc.id)
  if (secondary.length + texts.length > MAX_EXTEND_CIDRS) throw VpcError.VpcInvalid(`a VPC has at most ${MAX_EXTEND_CIDRS} secondary CIDRs`)
  const taken = [...(primary ? [primary] : []), ...secondary]
  for (const text of texts) {
    const cidr = extendCidr(text, taken)
    taken.push(cidr)
    await trx
      .insertInto('vpc_extend_cidrs')
      .values({ vpc_id: vpc.id, cidr: cidr.text, cidr_first: cidr.first, cidr_last: cidr.last, created_at: now })
      .execute()
  }
})

/** Removes secondary CIDRs the VPC has and no subnet lies in. */
export const removeExtendCidrs = blockChange(async (trx, vpc, texts) => {
  for (const text of new Set(texts)) {
    const row = await trx
      .selectFrom('vpc_extend_cidrs')
      .selectAll()
      .where('vpc_id', '=', vpc.id)
      .where('cidr', '=', text)
      .executeTakeFirst()
    if (!row) throw VpcError.VpcInvalid(`extend_cidrs ${text} is not a secondary CIDR of this VPC`)
    const inside = await trx
      .selectFrom('subnets')
      .select('id')
      .where('vpc_id', '=', vpc.id)
      .where('cidr_first', '>=', row.cidr_first)
      .where('cidr_last', '<=', row.cidr_last)
      .limit(1)
      .executeTakeFirst()
    if (inside) throw VpcError.ExtendCidrInUse(text)
    await trx.deleteFrom('vpc_extend_cidrs').where('vpc_id', '=', vpc.id).where('cidr', '=', text).execute()
  }
})
