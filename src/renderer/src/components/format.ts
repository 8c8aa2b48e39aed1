// Built once: toLocaleString with options builds a new formatter on every call, which a table of
// 50 rows pays hundreds of times per render.
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' })
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** Money is cents everywhere; this is the one place it becomes text. */
export function formatMoney(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—'
  return money.format(cents / 100)
}

/** Times are stored in UTC and shown in the operator's local time. */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  return dateTime.format(ms)
}

/** A payload or body for reading: JSON (or a JSON string) indented, any other text as it came. */
export function formatBody(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2)
    } catch {
      return value
    }
  }
  return JSON.stringify(value, null, 2)
}

/** An HTTP request as it went over the wire: its headers, a blank line, then the body exactly as sent. */
export function formatRequest(request: { headers: Record<string, string>; body: string | null }): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')
  return `${headers}\n\n${request.body ?? '(no body: the values are in the query string)'}`
}
