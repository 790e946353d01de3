import { useEffect, useState } from 'preact/hooks'
import { kindById, type ResourceKind } from './api/resources'

/** Pages live in the URL's hash, so the server serves one index.html and a reload keeps the page. */
export type Route =
  { page: 'topology' } | { page: 'list'; kind: ResourceKind } | { page: 'detail'; kind: ResourceKind; key: string } | { page: 'unknown' }

export const href = {
  topology: '#/topology',
  list: (kind: ResourceKind) => `#/r/${kind.id}`,
  detail: (kind: ResourceKind, key: string) => `#/r/${kind.id}/${encodeURIComponent(key)}`,
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/')
  if (parts[0] === '' || parts[0] === 'topology') return { page: 'topology' }
  const kind = parts[0] === 'r' ? kindById(parts[1] ?? '') : undefined
  if (!kind) return { page: 'unknown' }
  // Keys may hold a slash (a FunctionGraph endpoint is keyed by VPC and subnet): it is encoded in the hash.
  return parts.length > 2 ? { page: 'detail', kind, key: decodeURIComponent(parts.slice(2).join('/')) } : { page: 'list', kind }
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const changed = () => setHash(location.hash)
    addEventListener('hashchange', changed)
    return () => removeEventListener('hashchange', changed)
  }, [])
  return parseRoute(hash)
}
