import { postToPartner } from './client'
import type { HttpCall } from './http'
import type { PartnerConfig, PartnerExchange } from './types'

/**
 * Where a post's evidence is kept. `sending` runs (and commits) before the request goes out, so a
 * crash while the post is on the wire leaves a record that says so; `settled` then writes what came
 * back. The pings are stored before the first post, so the evidence reads in the order it happened.
 */
export interface PostJournal {
  /** Stores a finished exchange (the pings, before anything is posted) and returns its record's ids. */
  stored(exchange: PartnerExchange): Promise<StoredRecord>
  sending(post: {
    partnerId: number
    url: string
    payload: Record<string, unknown>
    priceCents: number | null
  }): Promise<StoredRecord>
  settled(recordId: number, exchange: PartnerExchange): Promise<void>
}

/** A stored ping/post record: its row id, and the public id the lead's trace refers to it by. */
export interface StoredRecord {
  id: number
  publicId: string
}

/**
 * Failures that prove the request never left this machine (no connection was made), so the partner
 * cannot have the lead. Anything else that happens once a post is under way may have delivered it.
 */
const NOT_SENT: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
])

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`
}

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null
  const e = error as { code?: unknown; cause?: { code?: unknown } }
  if (typeof e.code === 'string') return e.code
  return typeof e.cause?.code === 'string' ? e.cause.code : null
}

/** Why the post's outcome cannot be known, or null when the answer (or its absence) is conclusive. */
function unknownReason(post: PartnerExchange, failure: unknown, partner: PartnerConfig): string | null {
  if (post.outcome === 'timeout') return `timed out after ${formatDuration(partner.timeoutMs)}`
  if (post.outcome === 'error' && post.statusCode === null) {
    const code = codeOf(failure)
    if (code !== null && NOT_SENT.has(code)) return null
    if (failure instanceof Error && failure.message.startsWith('unsupported protocol')) return null
    return `connection lost (${code ?? (failure instanceof Error ? failure.message : 'no answer')})`
  }
  // A 2xx answer nobody can read may well be an acceptance.
  if (post.outcome === 'malformed') return `the answer could not be read (${post.error ?? 'malformed'})`
  return null
}

/**
 * Sends one post at most once: the journal records it before it goes out, and an answer that never
 * came (timeout, connection lost) or cannot be read makes the outcome 'unknown' rather than a
 * failure, so nothing posts the lead again until an operator has decided.
 */
export async function sendPostOnce(args: {
  partner: PartnerConfig
  payload: Record<string, unknown>
  /** The price the lead is being sold at (the ping's bid), kept on the record. */
  priceCents: number | null
  fetch: HttpCall
  journal: PostJournal | undefined
}): Promise<{ exchange: PartnerExchange; why: string }> {
  const { partner } = args
  let failure: unknown = null
  const watched: HttpCall = (url, init) =>
    args.fetch(url, init).catch((error: unknown) => {
      failure = error
      throw error
    })
  const record =
    (await args.journal?.sending({
      partnerId: partner.id,
      url: partner.postUrl,
      payload: args.payload,
      priceCents: args.priceCents,
    })) ?? null
  const post = await postToPartner(partner, args.payload, watched)
  const why = unknownReason(post, failure, partner)
  const exchange: PartnerExchange =
    why === null ? post : { ...post, outcome: 'unknown', error: `outcome unknown — ${why}` }
  if (record !== null) {
    exchange.recordId = record.id
    exchange.recordPublicId = record.publicId
    await args.journal?.settled(record.id, exchange)
  }
  return { exchange, why: why ?? '' }
}
