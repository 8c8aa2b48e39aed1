import type { QueryClient } from '@tanstack/react-query'
import { on } from './client'

/** How long changes are gathered before screens refetch: one refetch per burst, not one per lead. */
const GATHER_MS = 250

/**
 * Calls `refresh` with the areas changed since its last call, at most once per GATHER_MS. A burst of
 * `changed` events (thousands of Pending leads resumed at start, a bulk reprocess) then costs each
 * screen a few refetches instead of one per event, and a refetch under way is allowed to finish.
 */
export function onChangedAreas(refresh: (areas: ReadonlySet<string>) => void): () => void {
  let pending = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | null = null
  const off = on('changed', ({ areas }) => {
    for (const area of areas) pending.add(area)
    timer ??= setTimeout(() => {
      timer = null
      const gathered = pending
      pending = new Set()
      refresh(gathered)
    }, GATHER_MS)
  })
  return () => {
    off()
    if (timer) clearTimeout(timer)
  }
}

/** Refetches the queries whose area (`leads` of `leads/list`) is one of `areas`; a fetch under way finishes first. */
export function invalidateAreas(client: QueryClient, areas: ReadonlySet<string> | readonly string[]): void {
  const wanted = new Set(areas)
  void client.invalidateQueries(
    { predicate: (q) => typeof q.queryKey[0] === 'string' && wanted.has(q.queryKey[0].split('/')[0] ?? '') },
    { cancelRefetch: false },
  )
}
