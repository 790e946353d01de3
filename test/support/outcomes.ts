/** Checking the answers to a burst of requests of which only some may succeed. */
import assert from 'node:assert/strict'

/**
 * Exactly `allowed` answers are `ok`; every other one is the rule's own refusal (its status, and its code or,
 * for IAM's Keystone envelope, its message), never a 5xx.
 */
export function exactly(
  answers: Array<{ status: number; body: any }>,
  allowed: number,
  ok: number,
  refusal: { status: number; code: string; sample: string },
): void {
  const refused = answers.filter((r) => r.status !== ok)
  assert.equal(answers.length - refused.length, allowed, JSON.stringify(refused.slice(0, 3).map((r) => [r.status, r.body])))
  for (const r of refused) {
    const body = JSON.stringify(r.body)
    assert.equal(r.status, refusal.status, body)
    assert.ok(body.includes(`"${refusal.code}"`) || body.includes(JSON.stringify(refusal.sample)), body)
  }
}
