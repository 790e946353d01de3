/**
 * A second account (tenant) written straight into a server's database, for cross-tenant tests: its domain,
 * its project in the region, its administrator and an AK/SK pair (the accounts API is not used here).
 */
import { randomUUID } from 'node:crypto'
import { openStore } from '../../src/store/database.js'
import type { Signer } from './app.js'

export interface SecondTenant {
  domainId: string
  projectId: string
  userId: string
  signer: Signer
}

const hex = () => randomUUID().replaceAll('-', '')

export async function insertSecondTenant(database: string, region = 'cn-north-4'): Promise<SecondTenant> {
  const store = await openStore(database)
  const now = new Date().toISOString()
  const tenant = {
    domainId: hex(),
    projectId: hex(),
    userId: hex(),
    signer: { accessKey: 'SECONDTENANTKEY00001', secretKey: 'secondTenantSecretKey000000000000000001', projectId: '' },
  }
  tenant.signer.projectId = tenant.projectId
  try {
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('domains').values({ id: tenant.domainId, name: 'second-tenant', created_at: now }).execute()
      await trx.insertInto('projects').values({ id: tenant.projectId, domain_id: tenant.domainId, name: region, created_at: now }).execute()
      await trx
        .insertInto('users')
        .values({
          id: tenant.userId,
          domain_id: tenant.domainId,
          name: 'second-tenant',
          password_hash: '!',
          is_admin: 1,
          enabled: 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await trx
        .insertInto('access_keys')
        .values({
          access_key: tenant.signer.accessKey,
          user_id: tenant.userId,
          secret_key: tenant.signer.secretKey,
          status: 'active',
          description: '',
          created_at: now,
        })
        .execute()
    })
  } finally {
    await store.close()
  }
  return tenant
}
