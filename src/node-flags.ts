/**
 * How linkplane's Node is started: the build writes this into dist/cli.js's first line (SHEBANG), so `npm
 * start`, `npm run linkplane` and the installed `linkplane` command start Node this way, and the build's
 * code cache is written under these flags (V8 refuses a cache written under other flags). They bound
 * memory under load without costing requests (bench/README.md, peak memory):
 *
 * - `--max-semi-space-size=8`: a young generation of 2 x 8 MiB instead of 2 x 16 MiB. Most of a request's
 *   objects die young either way; the half that was never full is resident memory all the same.
 * - `--no-allocation-site-pretenuring`: V8 otherwise learns, from objects that outlive a young collection,
 *   to allocate whatever the same code allocates next directly in the old generation. On PostgreSQL,
 *   where 50 requests wait on the network at once, it learnt that of short-lived objects: 160 MiB promoted
 *   in 11 s of list pages instead of 30, and 190 MiB of peak memory instead of 140.
 * - `--heap-growing-percent=50`: after each full collection the old generation may grow by half of what
 *   survived before the next one. V8 otherwise lets a heap of its default limit (4 GiB here) grow fourfold
 *   until it has measured its own collection speed: under writes, 16 MiB that lived became 68 MiB of old
 *   generation (mostly objects of requests promoted while they waited for their commit) before the first
 *   full collection, and peak memory 155 MiB; with the flag 110 MiB, at the same CPU per write. Under
 *   steady load V8 chose about 1.6 by itself; a heap that grows large is only collected more often.
 * - `MALLOC_ARENA_MAX=2` (glibc; other C libraries ignore it): glibc gives each thread that allocates an
 *   arena of its own (V8's compiler and collector threads, libuv's pool, the checkpoint worker), and keeps
 *   what each arena once held: 8 to 10 MiB of peak memory under writes.
 *
 * Set when Node starts or not at all: `v8.setFlagsFromString` does not resize a heap, the pretenuring
 * flag set at run time changed nothing measurable, and glibc reads its settings when the process starts.
 * `node dist/cli.js` without them runs the same server, with more memory.
 */
export const NODE_FLAGS = ['--max-semi-space-size=8', '--no-allocation-site-pretenuring', '--heap-growing-percent=50'] as const

/** The environment Node starts with (besides the caller's). */
export const NODE_ENVIRONMENT = { MALLOC_ARENA_MAX: '2' } as const

/** dist/cli.js's first line: `env -S` sets the environment, then starts node with the flags. */
export const SHEBANG = `#!/usr/bin/env -S ${Object.entries(NODE_ENVIRONMENT)
  .map(([name, value]) => `${name}=${value}`)
  .join(' ')} node ${NODE_FLAGS.join(' ')}`
