/** Money is cents everywhere; this is the one place it becomes text. */
export function formatMoney(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—'
  return (cents / 100).toLocaleString(undefined, { style: 'currency', currency: 'USD' })
}

/** Times are stored in UTC and shown in the operator's local time. */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
