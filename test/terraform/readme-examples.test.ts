/**
 * The README's Terraform examples are the files of examples/terraform/, verbatim, so the replays that read
 * those files (test/terraform/*.test.ts) check what the README tells people to run.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import { EXAMPLES_DIR, terraformExample } from '../support/terraform.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const blocks = [...readme.matchAll(/^```hcl\n([\s\S]*?)^```$/gm)].map((match) => match[1])
const files = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.tf'))

test('every hcl block of the README is an example file, and every example file is in the README', () => {
  assert.ok(blocks.length >= 2 && files.length >= 2)
  const contents = new Map(files.map((name) => [name, readFileSync(new URL(name, EXAMPLES_DIR), 'utf8')]))
  for (const block of blocks) {
    assert.ok([...contents.values()].includes(block), `a README hcl block is not an example file verbatim:\n${block}`)
  }
  for (const [name, content] of contents) assert.ok(blocks.includes(content), `${name} is not in the README`)
})

test('every example parses as HCL, and the provider block takes its keys from variables', async () => {
  for (const name of files) await terraformExample(name)
  const provider = (await terraformExample('provider.tf')).provider.huaweicloud[0]
  assert.deepEqual(
    [provider.access_key, provider.secret_key, provider.project_id],
    ['${var.access_key}', '${var.secret_key}', '${var.project_id}'],
    'no secret is written into the README',
  )
  assert.deepEqual([provider.skip_check_website_type, provider.skip_check_upgrade], [true, true])
})
