/**
 * CSV cells for files operators open in spreadsheets. A text cell a spreadsheet would run as a
 * formula gets a leading apostrophe (the usual neutralisation, which spreadsheets hide): one that
 * starts with `=`, `@`, tab or carriage return, or with `+` or `-` followed by anything but a plain
 * number. Phone numbers in E.164 (`+15125550100`) and signed numbers are data, not formulas, and
 * stay exactly as they are, so a CRM loading the file gets the number it expects. Numbers and
 * booleans are written as they are.
 */
const NEEDS_QUOTES = /[",\r\n;\t]/

/** A plain decimal number, optionally signed, with an optional fraction and exponent. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/** `=`, `@`, tab, carriage return; `+` or `-` unless the whole cell is a plain number. */
export function runsAsFormula(text: string): boolean {
  const c = text.charCodeAt(0)
  if (c === 61 || c === 64 || c === 9 || c === 13) return true
  if (c === 43 || c === 45) return !PLAIN_NUMBER.test(text)
  return false
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  let text = typeof value === 'string' ? value : JSON.stringify(value)
  if (text === '') return ''
  if (runsAsFormula(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(cells: readonly unknown[]): string {
  let line = ''
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ','
    line += csvCell(cells[i])
  }
  return `${line}\r\n`
}

export const UTF8_BOM = '\uFEFF'

/** ISO-8601 in UTC, the one date format every spreadsheet and script reads. */
export function isoDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '' : new Date(ms).toISOString()
}

/** `isoDate` remembering its last answer: consecutive leads often share a time (created = updated). */
export function isoDateMemo(): (ms: number | null | undefined) => string {
  let lastMs: number | null | undefined
  let lastText = ''
  return (ms) => {
    if (ms !== lastMs) {
      lastMs = ms
      lastText = isoDate(ms)
    }
    return lastText
  }
}
