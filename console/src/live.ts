import { useEffect, useRef, useState } from 'preact/hooks'

/** How often the console reads what it shows again: statuses move on screen without a reload. */
export const POLL_INTERVAL_MS = 2000

export interface Live<T> {
  /** The last successful read (kept while a later read fails). */
  data: T | undefined
  /** Why the last read failed, if it did. */
  error: unknown
  /** When `data` was read. */
  updatedAt: Date | undefined
  /** When the last read ended, whatever came of it. */
  checkedAt: Date | undefined
  /** Reads again now (after an action), without waiting for the next tick. */
  refresh: () => void
}

/**
 * Reads `load` now and again every POLL_INTERVAL_MS after each read ends (never two at once), until the
 * component goes away or `key` changes.
 */
export function useLive<T>(load: () => Promise<T>, key: string): Live<T> {
  const nothing = { data: undefined, error: undefined, updatedAt: undefined, checkedAt: undefined }
  const [state, setState] = useState<Omit<Live<T>, 'refresh'>>(nothing)
  const wake = useRef<() => void>(() => {})
  useEffect(() => {
    let stopped = false
    let running = false
    let again = false
    let timer: ReturnType<typeof setTimeout> | undefined
    setState(nothing)
    const tick = async () => {
      clearTimeout(timer)
      if (running) {
        again = true
        return
      }
      running = true
      try {
        const data = await load()
        const now = new Date()
        if (!stopped) setState({ data, error: undefined, updatedAt: now, checkedAt: now })
      } catch (error) {
        if (!stopped) setState((previous) => ({ ...previous, error, checkedAt: new Date() }))
      }
      running = false
      if (stopped) return
      if (again) {
        again = false
        void tick()
      } else timer = setTimeout(tick, POLL_INTERVAL_MS)
    }
    wake.current = () => void tick()
    void tick()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [key])
  return { ...state, refresh: () => wake.current() }
}
