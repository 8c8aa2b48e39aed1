import { pingPartner } from './client'
import { type HttpCall, nodeHttpCall } from './http'
import { type PostJournal, sendPostOnce } from './post-once'
import { PII_FIELDS, renderFor } from './template'
import { money, type PartnerConfig, type PartnerExchange, type PingPostLead, type TraceLine } from './types'

export { PII_FIELDS }

/** The ping: the partner's ping template over the lead, never with contact data. */
export function pingPayload(lead: PingPostLead, partner: PartnerConfig): Record<string, unknown> {
  return renderFor(partner, 'ping', lead, null)
}

/** The post: the partner's post template over the full lead, with the partner's ping reference. */
export function postPayload(
  lead: PingPostLead,
  partner: PartnerConfig,
  pingReference: string | null,
): Record<string, unknown> {
  return renderFor(partner, 'post', lead, pingReference)
}

export interface PingPostResult {
  posted: { partnerId: number; priceCents: number; reference: string | null; postRecordIndex: number } | null
  /** A post that may have reached its partner: the round stopped there, nothing else was posted. */
  unknown: { partnerId: number; priceCents: number | null; postRecordIndex: number; reason: string } | null
  exchanges: PartnerExchange[]
  trace: TraceLine[]
}

/**
 * What a trace line keeps of an exchange. Every line names its stored record (the exact request
 * and answer are there); only the post that sold the lead, or last tried to, also carries its exact
 * request, so the trace holds one body per lead rather than one per partner.
 */
function exchangeData(x: PartnerExchange, withRequest = false): Record<string, unknown> {
  return {
    partnerId: x.partnerId,
    kind: x.kind,
    outcome: x.outcome,
    statusCode: x.statusCode,
    priceCents: x.priceCents,
    latencyMs: x.latencyMs,
    ...(x.recordPublicId !== undefined && { record: x.recordPublicId }),
    ...(withRequest && x.request !== undefined && { request: x.request }),
  }
}

/**
 * Pings every usable partner at once, each bounded by its own timeout, then posts the full lead to
 * the best bid and walks down the bids on decline or failure. Ties between equal bids go to the
 * partner listed first (the stage's own order). Network only: the caller stores the exchanges and
 * writes the outcome in its transaction afterwards.
 */
export async function runPingPost(args: {
  lead: PingPostLead
  partners: readonly PartnerConfig[]
  fetch?: HttpCall
  journal?: PostJournal
}): Promise<PingPostResult> {
  const fetchImpl = args.fetch ?? nodeHttpCall
  const trace: TraceLine[] = []
  const usable: PartnerConfig[] = []
  for (const partner of args.partners) {
    if (!partner.active)
      trace.push({ message: `${partner.name}: inactive, not pinged`, data: { partnerId: partner.id } })
    else if (!partner.pingUrl)
      trace.push({ message: `${partner.name}: no ping URL, not pinged`, data: { partnerId: partner.id } })
    else usable.push(partner)
  }
  if (usable.length === 0) {
    trace.push({ message: 'No partner to ping' })
    return { posted: null, unknown: null, exchanges: [], trace }
  }

  const pings = await Promise.all(
    usable.map(async (partner) => ({
      partner,
      ping: await pingPartner(partner, pingPayload(args.lead, partner), fetchImpl),
    })),
  )
  const exchanges: PartnerExchange[] = pings.map((p) => p.ping)
  const journal = args.journal
  if (journal)
    for (const ping of exchanges) {
      const record = await journal.stored(ping)
      ping.recordId = record.id
      ping.recordPublicId = record.publicId
    }
  const bids: { partner: PartnerConfig; ping: PartnerExchange; order: number }[] = []
  pings.forEach(({ partner, ping }, i) => {
    if (ping.outcome === 'bid' && ping.priceCents !== null) {
      bids.push({ partner, ping, order: i })
      trace.push({ message: `${partner.name}: bid ${money(ping.priceCents)}`, data: exchangeData(ping) })
    } else {
      trace.push({ message: `${partner.name}: ${ping.error ?? ping.outcome}`, data: exchangeData(ping) })
    }
  })
  bids.sort((a, b) => (b.ping.priceCents ?? 0) - (a.ping.priceCents ?? 0) || a.order - b.order)

  let lastPost: { line: TraceLine; post: PartnerExchange } | null = null
  for (const { partner, ping } of bids) {
    const sent = await sendPostOnce({
      partner,
      payload: postPayload(args.lead, partner, ping.reference),
      priceCents: ping.priceCents,
      fetch: fetchImpl,
      journal: args.journal,
    })
    const post = sent.exchange
    exchanges.push(post)
    if (post.outcome === 'unknown') {
      // The partner may have bought the lead: posting it anywhere else could sell it twice.
      trace.push({
        message: `post to ${partner.name}: outcome unknown — ${sent.why}`,
        data: exchangeData(post, true),
      })
      return {
        posted: null,
        unknown: {
          partnerId: partner.id,
          priceCents: ping.priceCents,
          postRecordIndex: exchanges.length - 1,
          reason: sent.why,
        },
        exchanges,
        trace,
      }
    }
    if (post.outcome === 'accepted') {
      const priceCents = ping.priceCents ?? 0
      trace.push({
        message: `${partner.name}: post accepted at ${money(priceCents)}`,
        data: exchangeData(post, true),
      })
      return {
        posted: {
          partnerId: partner.id,
          priceCents,
          reference: post.reference ?? ping.reference,
          postRecordIndex: exchanges.length - 1,
        },
        unknown: null,
        exchanges,
        trace,
      }
    }
    lastPost = {
      line: { message: `${partner.name}: post ${post.error ?? post.outcome}`, data: exchangeData(post) },
      post,
    }
    trace.push(lastPost.line)
  }
  // Nobody bought it: the last post refused is the one that tried to sell it.
  if (lastPost) lastPost.line.data = exchangeData(lastPost.post, true)
  trace.push({ message: bids.length === 0 ? 'No partner bid' : 'Every bidding partner refused the post' })
  return { posted: null, unknown: null, exchanges, trace }
}

/** Posts straight to one partner without a ping (marketplace leads nobody bought, direct-post stages). */
export async function directPost(args: {
  lead: PingPostLead
  partner: PartnerConfig
  fetch?: HttpCall
  journal?: PostJournal
}): Promise<{ posted: boolean; unknown: string | null; exchange: PartnerExchange; trace: TraceLine[] }> {
  const { partner } = args
  const sent = await sendPostOnce({
    partner,
    payload: postPayload(args.lead, partner, null),
    priceCents: null,
    fetch: args.fetch ?? nodeHttpCall,
    journal: args.journal,
  })
  const exchange = sent.exchange
  const posted = exchange.outcome === 'accepted'
  const unknown = exchange.outcome === 'unknown' ? sent.why : null
  const message =
    unknown !== null
      ? `post to ${partner.name}: outcome unknown — ${unknown}`
      : posted
        ? `${partner.name}: direct post accepted${exchange.priceCents !== null ? ` at ${money(exchange.priceCents)}` : ''}`
        : `${partner.name}: direct post ${exchange.error ?? exchange.outcome}`
  return { posted, unknown, exchange, trace: [{ message, data: exchangeData(exchange, true) }] }
}
