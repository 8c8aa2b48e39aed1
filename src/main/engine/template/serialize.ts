import { XMLBuilder } from 'fast-xml-parser'
import type { RequestFormat } from '../../../shared/domain/template'

/** A request exactly as it goes over the wire. */
export interface BuiltRequest {
  method: string
  url: string
  headers: Record<string, string>
  /** null for a request without a body (the values are in the URL's query string). */
  body: string | null
}

const CONTENT_TYPES: Record<Exclude<RequestFormat, 'query'>, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  xml: 'application/xml',
}

const ACCEPT = 'application/json, application/xml, text/xml, text/plain, */*'

// One builder for every request: it keeps no state between builds. Text is escaped (& < > " ')
// by the library, so a lead's value can never open an element of its own.
const xml = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true })

function scalar(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function flat(values: Record<string, unknown>, prefix = '', into: [string, string][] = []): [string, string][] {
  for (const [key, value] of Object.entries(values)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      flat(value as Record<string, unknown>, name, into)
    else into.push([name, scalar(value)])
  }
  return into
}

// Element names are not escaped by any XML writer: a key that is not a plain name (an extra field a
// source sent as `a><b`) is left out rather than written into the markup. Saved templates are
// checked against the same rule; this catches lead fields sent by "every other field".
const XML_NAME = /^[A-Za-z_][\w.-]*$/

/** XML text nodes: every leaf a string, so numbers and booleans are written as they read. */
function xmlTree(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values))
    if (XML_NAME.test(key))
      out[key] =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? xmlTree(value as Record<string, unknown>)
          : scalar(value)
  return out
}

/**
 * Writes the values in the request's format. Header names are compared without case; the
 * operator's own headers win, so a buyer that wants `text/xml` gets it.
 */
export function buildRequest(args: {
  format: RequestFormat
  method: string
  url: string
  headers: Record<string, string>
  values: Record<string, unknown>
  xmlRoot: string
}): BuiltRequest {
  const own: Record<string, string> = {}
  for (const [k, v] of Object.entries(args.headers)) own[k.toLowerCase()] = v
  if (args.format === 'query') {
    const url = new URL(args.url)
    for (const [k, v] of flat(args.values)) url.searchParams.append(k, v)
    return { method: args.method, url: url.toString(), headers: { accept: ACCEPT, ...own }, body: null }
  }
  let body: string
  if (args.format === 'json') body = JSON.stringify(args.values)
  else if (args.format === 'form') body = new URLSearchParams(flat(args.values)).toString()
  else body = `<?xml version="1.0" encoding="UTF-8"?>${String(xml.build({ [args.xmlRoot]: xmlTree(args.values) }))}`
  return {
    method: args.method,
    url: args.url,
    headers: { 'content-type': CONTENT_TYPES[args.format], accept: ACCEPT, ...own },
    body,
  }
}
