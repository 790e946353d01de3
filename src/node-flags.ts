/**
 * The V8 flags linkplane's Node runs with: the build writes them into dist/cli.js's first line
 * (`#!/usr/bin/env -S node ...`), so `npm start`, `npm run linkplane` and the installed `linkplane` command
 * start Node with them, and the build's code cache is written under them (V8 refuses a cache written under
 * other flags). They bound memory under load without costing requests (bench/README.md, peak memory):
 *
 * - `--max-semi-space-size=8`: a young generation of 2 x 8 MiB instead of 2 x 16 MiB. Most of a request's
 *   objects die young either way; the half that was never full is resident memory all the same.
 * - `--no-allocation-site-pretenuring`: V8 otherwise learns, from objects that outlive a young collection,
 *   to allocate whatever the same code allocates next directly in the old generation. On PostgreSQL,
 *   where 50 requests wait on the network at once, it learnt that of short-lived objects: 160 MiB promoted
 *   in 11 s of list pages instead of 30, and 190 MiB of peak memory instead of 140.
 *
 * Set when Node starts or not at all: `v8.setFlagsFromString` does not resize a heap, and the pretenuring
 * flag set at run time changed nothing measurable. `node dist/cli.js` without them runs the same server,
 * with more memory.
 */
export const NODE_FLAGS = ['--max-semi-space-size=8', '--no-allocation-site-pretenuring'] as const
