import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Worker } from 'node:worker_threads'
import { builtin } from '../platform/lazy.js'

/** Loaded with the first checkpoint: a server that never writes much never starts the worker. */
const workerThreads = builtin<typeof import('node:worker_threads')>('node:worker_threads')

/**
 * WAL checkpoints of a SQLite file, in a worker thread.
 *
 * A commit appends pages to the WAL; a checkpoint copies them into the database file and fsyncs both, which
 * takes about 10 ms per 1,000 pages here, nearly all of it waiting for the disk. SQLite does it inside the
 * commit that crosses 1,000 pages, so on the event loop, which stalls every request in flight. Instead the
 * main connection turns automatic checkpoints off (sqlite.ts), and when the WAL has grown as large, the next
 * user of the connection waits (asynchronously) while a second connection in this worker checkpoints and
 * empties the WAL (TRUNCATE). Nothing else uses the main connection meanwhile, so the checkpoint always
 * completes and the WAL stays bounded; the event loop keeps reading requests and checking signatures.
 *
 * Durability does not depend on checkpoints: a committed transaction is in the WAL file already.
 */
export class Checkpoints {
  private readonly wal: string
  private worker?: Worker
  private running?: Promise<void>

  constructor(readonly file: string) {
    this.wal = `${file}-wal`
  }

  /** Whether the WAL has grown to SQLite's default checkpoint size. */
  due(): boolean {
    return (statSync(this.wal, { throwIfNoEntry: false })?.size ?? 0) >= WAL_LIMIT_BYTES
  }

  /** Copies the WAL into the database file and empties it; resolves when done. */
  run(): Promise<void> {
    this.running ??= new Promise<void>((resolve, reject) => {
      const worker = this.start()
      // A checkpoint waited for keeps the process alive; an idle worker does not.
      worker.ref()
      const settle = (error?: unknown) => {
        worker.off('message', answered).off('error', settle).unref()
        this.running = undefined
        if (error === undefined) resolve()
        else reject(error)
      }
      const answered = (error: string | null) => settle(error === null ? undefined : new Error(`WAL checkpoint failed: ${error}`))
      worker.on('message', answered).on('error', settle)
      worker.postMessage('checkpoint')
    })
    return this.running
  }

  /** Ends the worker (after a checkpoint in progress) and its connection. */
  async close(): Promise<void> {
    await this.running?.catch(() => {})
    const worker = this.worker
    if (!worker) return
    this.worker = undefined
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    worker.ref()
    worker.postMessage('close')
    await exited
  }

  /** The worker starts with the first checkpoint, so that start-up does not pay for it. */
  private start(): Worker {
    if (!this.worker) {
      this.worker = new (workerThreads().Worker)(WORKER, {
        eval: true,
        workerData: { driver: require.resolve('better-sqlite3'), file: this.file },
      })
      const worker = this.worker
      // A failure while no checkpoint is waited for (closing) must not become the process's uncaught error.
      worker
        .on('error', () => {})
        .once('exit', () => {
          if (this.worker === worker) this.worker = undefined
        })
    }
    return this.worker
  }
}

/** 1,000 pages of 4 KiB: where SQLite's own automatic checkpoint would start. */
const WAL_LIMIT_BYTES = 1000 * 4096

const require = createRequire(import.meta.url)

// Plain CommonJS, so that it runs the same from the sources (tsx) and from dist/.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 5000')
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
    parentPort.postMessage(null)
  } catch (error) {
    parentPort.postMessage(String(error))
  }
})
`
