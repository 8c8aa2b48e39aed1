import type { BuiltRequest } from '../../engine/template/serialize'
import { type HttpCall, nodeHttpCall } from './http'
import { type ParsedAnswer, parseAnswer } from './response'
import { partnerRequest } from './template'
import { money, type PartnerConfig, type PartnerExchange } from './types'

const MAX_RESPONSE_CHARS = 64 * 1024

interface RawAnswer {
  statusCode: number | null
  body: string | null
  latencyMs: number
  /** Set when no usable HTTP answer arrived. */
  failure: { outcome: 'timeout' | 'error'; error: string } | null
}

/** One HTTP exchange within the partner's timeout. Never throws: every failure is an outcome. */
async function send(partner: PartnerConfig, request: BuiltRequest, fetchImpl: HttpCall): Promise<RawAnswer> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  try {
    const res = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== null && { body: request.body }),
      signal: AbortSignal.timeout(partner.timeoutMs),
    })
    const text = await res.text()
    return {
      statusCode: res.status,
      body: text.length > MAX_RESPONSE_CHARS ? text.slice(0, MAX_RESPONSE_CHARS) : text,
      latencyMs: elapsed(),
      failure: res.ok ? null : { outcome: 'error', error: `HTTP ${res.status}` },
    }
  } catch (cause) {
    const e = cause as Error
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError'
    return {
      statusCode: null,
      body: null,
      latencyMs: elapsed(),
      failure: timedOut
        ? { outcome: 'timeout', error: `timeout after ${partner.timeoutMs} ms` }
        : { outcome: 'error', error: `network error: ${describeCause(e)}` },
    }
  }
}

function describeCause(e: Error): string {
  const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? e.message
}

interface Answered {
  base: Omit<PartnerExchange, 'priceCents' | 'reference' | 'outcome' | 'error'>
  answer: ParsedAnswer & { accepted: boolean }
}

/**
 * Sends one ping or post and reads the answer the partner's way. A failed request or an unreadable
 * answer already ends the exchange; otherwise the caller decides what the answer means.
 */
async function exchange(
  partner: PartnerConfig,
  kind: 'ping' | 'post',
  url: string,
  payload: Record<string, unknown>,
  fetchImpl: HttpCall,
): Promise<{ ended: PartnerExchange } | Answered> {
  const request = partnerRequest(partner, url, payload)
  const raw = await send(partner, request, fetchImpl)
  const base = {
    partnerId: partner.id,
    kind,
    url: request.url,
    payload,
    request,
    response: raw.body,
    statusCode: raw.statusCode,
    latencyMs: raw.latencyMs,
  }
  if (raw.failure) return { ended: { ...base, priceCents: null, reference: null, ...raw.failure } }
  const answer = parseAnswer(raw.body ?? '', partner.response)
  if (answer.accepted === null)
    return {
      ended: {
        ...base,
        priceCents: null,
        reference: null,
        outcome: 'malformed',
        error: `malformed: ${answer.problem}`,
      },
    }
  return { base, answer: { ...answer, accepted: answer.accepted } }
}

/** Asks a partner what it would pay; a bid under the partner's minimum is refused here. */
export async function pingPartner(
  partner: PartnerConfig,
  payload: Record<string, unknown>,
  fetchImpl: HttpCall = nodeHttpCall,
): Promise<PartnerExchange> {
  const result = await exchange(partner, 'ping', partner.pingUrl ?? partner.postUrl, payload, fetchImpl)
  if ('ended' in result) return result.ended
  const { base, answer } = result
  if (!answer.accepted)
    return {
      ...base,
      priceCents: null,
      reference: answer.reference,
      outcome: 'no_bid',
      error: answer.reason ? `no bid: ${answer.reason}` : 'no bid',
    }
  if (answer.priceCents === null)
    return {
      ...base,
      priceCents: null,
      reference: answer.reference,
      outcome: 'malformed',
      error: answer.priceInvalid ? 'malformed: the price is not a number' : 'malformed: a bid without a price',
    }
  if (answer.priceCents < partner.minPriceCents)
    return {
      ...base,
      priceCents: answer.priceCents,
      reference: answer.reference,
      outcome: 'below_min',
      error: `bid ${money(answer.priceCents)} below minimum ${money(partner.minPriceCents)}`,
    }
  return { ...base, priceCents: answer.priceCents, reference: answer.reference, outcome: 'bid', error: null }
}

/** Sends the full lead; the partner accepts or declines it. */
export async function postToPartner(
  partner: PartnerConfig,
  payload: Record<string, unknown>,
  fetchImpl: HttpCall = nodeHttpCall,
): Promise<PartnerExchange> {
  const result = await exchange(partner, 'post', partner.postUrl, payload, fetchImpl)
  if ('ended' in result) return result.ended
  const { base, answer } = result
  if (!answer.accepted)
    return {
      ...base,
      priceCents: null,
      reference: answer.reference,
      outcome: 'declined',
      error: `declined: ${answer.reason ?? 'no reason given'}`,
    }
  return { ...base, priceCents: answer.priceCents, reference: answer.reference, outcome: 'accepted', error: null }
}
