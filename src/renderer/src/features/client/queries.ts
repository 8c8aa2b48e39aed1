import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { ClientStatus } from '../../../../shared/api/client'
import { on } from '../../api/client'
import { useApiQuery } from '../../api/hooks'

export type ServerStatus = Extract<ClientStatus, { mode: 'server' }>

/**
 * Where this window works (its own workspace, or a team server) and, on a server, whether it is
 * reachable, what is cached and what waits to be sent. Kept current by the host's `client` events.
 */
export function useClientStatus(): ServerStatus | null {
  const client = useQueryClient()
  const status = useApiQuery('client/status', {}, { staleTime: Infinity })
  useEffect(() => on('client', (next) => client.setQueryData(['client/status', {}], next)), [client])
  return status.data?.mode === 'server' ? status.data : null
}

/** "14:02": the hour and minute, as the banner and the conflict list say them. */
export function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false })
}

/** "Already approved by Dana Reviewer at 14:10". */
export function conflictText(r: ServerStatus['results'][number]): string {
  return r.decidedAt ? `${r.message} at ${clock(r.decidedAt)}` : r.message
}
