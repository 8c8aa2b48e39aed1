import { z } from 'zod'
import { method } from './define'

/** How one queued Audit decision ended once it reached the team server. */
export interface SentDecision {
  leadId: number
  decision: 'approve' | 'reject'
  outcome: 'applied' | 'conflict' | 'failed'
  /** "Approved: the lead is now Assigned", or the server's refusal ("Already approved by Dana Reviewer"). */
  message: string
  /** For a conflict: who decided the lead first, how, and when (ms). */
  decidedBy?: string
  decidedAt?: number
  otherDecision?: 'approve' | 'reject'
  sentAt: number
}

/**
 * What the desktop (or client host) is working on: its own workspace file, or a team server — and
 * then whether the server answers, since when it does not, what is cached for offline Audit review
 * and what waits in the outbox.
 */
export type ClientStatus =
  | { mode: 'local' }
  | {
      mode: 'server'
      url: string
      online: boolean
      /** When the server stopped answering (ms); null while online. */
      offlineSince: number | null
      auditCached: number
      waiting: number
      /** The latest decisions sent from the outbox, newest first. */
      results: SentDecision[]
    }

/** Who has which lead open, as operators' windows report it (a heartbeat; stale after a minute). */
export interface Presence {
  userId: number
  name: string
  /** The lead on screen, or null when the operator left it. */
  leadId: number | null
  at: number
}

export const clientContract = {
  /**
   * "I am looking at this lead" (or null: at none), sent again every few seconds while it stays on
   * screen; every window hears it as a `presence` event and marks the lead for the others.
   */
  'presence/set': method<null>()({
    input: z.object({ leadId: z.number().int().positive().nullable() }),
    access: 'leads.view',
  }),
  'client/status': method<ClientStatus>()({ input: z.object({}).optional(), access: 'signedIn' }),
  /**
   * Reopens the desktop app on a team server (File → Connect to Team Server…): https:// unless it is
   * this machine. Only the Electron shell can switch; the browser hosts refuse it.
   */
  'client/connect': method<{ url: string }>()({
    input: z.object({ url: z.string().trim().min(1, 'Enter the team server’s address').max(2000) }),
    access: 'public',
  }),
}
