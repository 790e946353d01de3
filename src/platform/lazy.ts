/**
 * Deferring work to first use: what a route needs (its validators and serialisers, their compilers) is built
 * when the route is first called, so that start-up pays only for what answers the first request.
 */

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
