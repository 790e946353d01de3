/**
 * PostgreSQL for the benchmark: the server named by BENCH_POSTGRES (a postgres:// URL on which databases may
 * be created), or else a throwaway cluster started with scripts/throwaway-postgres.sh when Debian's
 * PostgreSQL is installed, stopped when the benchmark ends. Undefined when neither is there.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { ROOT } from './processes.js'

export interface BenchPostgres {
  /** A new, empty database on the server. */
  freshDatabase(): Promise<string>
  stop(): void
}

const installed = () => existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').length > 0

export async function benchPostgres(): Promise<BenchPostgres | undefined> {
  const script = join(ROOT, 'scripts/throwaway-postgres.sh')
  let server = process.env.BENCH_POSTGRES
  let stop = () => {}
  if (!server) {
    if (!installed()) return undefined
    const dir = mkdtempSync(join(tmpdir(), 'linkplane-bench-pg-'))
    server = execFileSync(script, ['start', dir], { encoding: 'utf8' }).trim()
    stop = () => {
      execFileSync(script, ['stop', dir])
      rmSync(dir, { recursive: true, force: true })
    }
    process.on('exit', stop)
  }
  const base = server
  let n = 0
  return {
    async freshDatabase() {
      const name = `linkplane_bench_${process.pid}_${++n}`
      const client = new pg.Client({ connectionString: base })
      await client.connect()
      try {
        await client.query(`drop database if exists "${name}"`)
        await client.query(`create database "${name}"`)
      } finally {
        await client.end()
      }
      const url = new URL(base)
      url.pathname = `/${name}`
      return url.toString()
    },
    stop: () => {
      process.off('exit', stop)
      stop()
    },
  }
}
