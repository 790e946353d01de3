import { createRequire } from 'node:module'

/**
 * Deferring work to first use: what a route needs (its validators and serialisers, their compilers) is built
 * when the route is first called, so that start-up pays only for what answers the first request.
 */

const require = createRequire(import.meta.url)

/** The value `make` builds, made on the first call and kept. */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}

/** A function compiled on its first call. */
export function lazily<F extends (...args: never[]) => unknown>(compile: () => F): F {
  const compiled = once(compile)
  return ((...args: Parameters<F>) => compiled()(...args)) as F
}

/**
 * A Node built-in module that only some configurations use, loaded on first use. Node compiles a built-in
 * when it is first loaded, from its code cache unless Node runs with V8 flags (src/node-flags.ts), and then
 * from its source: node:child_process and node:worker_threads cost 4 ms of every start that way.
 */
export function builtin<M>(name: `node:${string}`): () => M {
  return once(() => require(name) as M)
}
