import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { PartnerResponse } from '../../../shared/domain/config'

/** What a partner's answer said, read per its configured format. */
export interface ParsedAnswer {
  /** null = the body could not be read the configured way (malformed). */
  accepted: boolean | null
  priceCents: number | null
  /** A price was present but was not a number. */
  priceInvalid: boolean
  reference: string | null
  reason: string | null
  problem: string | null
}

/** Reads `a.b.0.c` from parsed JSON. */
export function atPath(value: unknown, path: string): unknown {
  let current: unknown = value
  for (const part of path.split('.').filter((p) => p.length > 0)) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

function toCents(raw: unknown, unit: 'dollars' | 'cents'): { cents: number | null; invalid: boolean } {
  if (raw === undefined || raw === null || raw === '') return { cents: null, invalid: false }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.replace(/[$,\s]/g, '')) : NaN
  if (!Number.isFinite(n) || n < 0) return { cents: null, invalid: true }
  // Dollar amounts are rounded to the nearest cent (2.005 → 201), the usual way prices are quoted.
  return { cents: unit === 'cents' ? Math.round(n) : Math.round(n * 100), invalid: false }
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return null
}

function compiled(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'i')
  } catch {
    return null
  }
}

const REASON_KEYS = ['reason', 'message', 'error', 'status']

// Every value is kept as text (a price "007.50" or a reference "0012" stays as written); attributes
// are read as `@name`.
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true })

/** The answer as a tree: JSON as it is, XML with its root element on top. */
function documentOf(body: string, format: 'json' | 'xml'): { doc: Record<string, unknown> } | { problem: string } {
  if (format === 'xml') {
    if (XMLValidator.validate(body) !== true) return { problem: 'the answer is not XML' }
    const doc: unknown = xml.parse(body)
    if (doc === null || typeof doc !== 'object') return { problem: 'the answer is not XML' }
    return { doc: doc as Record<string, unknown> }
  }
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return { problem: 'the answer is not JSON' }
  }
  if (json === null || typeof json !== 'object') return { problem: 'the answer is not a JSON object' }
  return { doc: json as Record<string, unknown> }
}

/**
 * Reads a path from the answer. In XML the path may start at the root element (`response.price`)
 * or below it (`price`), as buyers' documentation writes it either way.
 */
function reader(doc: Record<string, unknown>, format: 'json' | 'xml'): (path: string) => unknown {
  if (format === 'json') return (path) => atPath(doc, path)
  const roots = Object.keys(doc).filter((k) => k !== '?xml')
  const root = roots.length === 1 ? doc[roots[0] ?? ''] : undefined
  return (path) => {
    const direct = atPath(doc, path)
    if (direct !== undefined) return direct
    if (root === null || typeof root !== 'object') return undefined
    const below = atPath(root, path)
    // <price currency="USD">12.50</price> reads as its text.
    return below !== null && typeof below === 'object' && '#text' in below
      ? (below as Record<string, unknown>)['#text']
      : below
  }
}

export function parseAnswer(body: string, config: PartnerResponse): ParsedAnswer {
  if (config.format === 'json' || config.format === 'xml') {
    const read = documentOf(body, config.format)
    if ('problem' in read) return malformed(read.problem)
    const at = reader(read.doc, config.format)
    const flag = at(config.acceptedPath)
    if (flag === undefined) return malformed(`the answer has no "${config.acceptedPath}"`)
    const accepted =
      config.acceptedValue === undefined
        ? Boolean(flag) && !['false', '0', 'no', ''].includes(String(flag).toLowerCase())
        : String(flag).toLowerCase() === String(config.acceptedValue).toLowerCase()
    const price = toCents(at(config.pricePath), config.priceUnit)
    const reasonKey = REASON_KEYS.map((k) => scalarText(at(k))).find((v) => v !== null)
    return {
      accepted,
      priceCents: price.cents,
      priceInvalid: price.invalid,
      reference: scalarText(at(config.referencePath)),
      reason: reasonKey ?? null,
      problem: null,
    }
  }
  const acceptedRe = compiled(config.acceptedPattern)
  if (!acceptedRe) return malformed('the accepted pattern is not a valid regular expression')
  const group = (pattern: string | undefined): string | null => {
    if (!pattern) return null
    const match = compiled(pattern)?.exec(body)
    return match ? (match[1] ?? match[0]) : null
  }
  const price = toCents(group(config.pricePattern), config.priceUnit)
  return {
    accepted: acceptedRe.test(body),
    priceCents: price.cents,
    priceInvalid: price.invalid,
    reference: group(config.referencePattern),
    reason: body.trim().slice(0, 200) || null,
    problem: null,
  }
}

function malformed(problem: string): ParsedAnswer {
  return { accepted: null, priceCents: null, priceInvalid: false, reference: null, reason: null, problem }
}
