// Rewrites the README's operation reference from the operation declarations (see src/platform/operation-table.ts).
import { readFileSync, writeFileSync } from 'node:fs'
import { adminService } from '../src/admin/operations.js'
import { operationTable, withOperationTable } from '../src/platform/operation-table.js'
import { services } from '../src/services/index.js'

const readme = new URL('../README.md', import.meta.url)
writeFileSync(readme, withOperationTable(readFileSync(readme, 'utf8'), operationTable([...services, adminService(services)])))
