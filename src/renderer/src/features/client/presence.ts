import { useEffect, useState } from 'react'
import { call, on } from '../../api/client'

/** How often a window repeats which lead it shows, and when silence means the colleague left. */
const HEARTBEAT_MS = 10_000
const STALE_MS = 3 * HEARTBEAT_MS

interface Seen {
  name: string
  leadId: number | null
  heardAt: number
}

/**
 * Tells colleagues which lead this window shows (again every few seconds, null on leaving) and
 * returns who else has `leadId` open. Presence is best effort: a failed report is not retried.
 */
export function useLeadPresence(leadId: number | null, selfId: number): string[] {
  const [seen, setSeen] = useState<ReadonlyMap<number, Seen>>(new Map())
  const [now, setNow] = useState(() => Date.now())

  useEffect(
    () =>
      on('presence', (p) => {
        if (p.userId === selfId) return
        setSeen((prev) => new Map(prev).set(p.userId, { name: p.name, leadId: p.leadId, heardAt: Date.now() }))
      }),
    [selfId],
  )

  useEffect(() => {
    const report = (id: number | null) => void call('presence/set', { leadId: id }).catch(() => undefined)
    report(leadId)
    const timer = setInterval(() => {
      report(leadId)
      setNow(Date.now())
    }, HEARTBEAT_MS)
    return () => {
      clearInterval(timer)
      report(null)
    }
  }, [leadId])

  if (leadId === null) return []
  return [...seen.values()].filter((s) => s.leadId === leadId && now - s.heardAt < STALE_MS).map((s) => s.name)
}
