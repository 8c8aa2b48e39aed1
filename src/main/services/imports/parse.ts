import { closeSync, createReadStream, openSync, readSync } from 'node:fs'
import { TextDecoder } from 'node:util'
import Papa from 'papaparse'
import { AppError } from '../../../shared/api/errors'
import { type RecordItem, RecordSplitter } from './records'

/**
 * Streaming CSV reading for imports. Bytes are decoded here (BOM sniffing, UTF-16, invalid UTF-8
 * replaced and reported) and handed to papaparse chunk by chunk, so a file is never held in memory.
 */

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'
export type CsvDelimiter = ',' | ';' | '\t'

export interface CsvInfo {
  encoding: CsvEncoding
  bom: boolean
  delimiter: CsvDelimiter
  headers: string[]
  /** Data rows read, broken ones included (the header not counted; blank lines skipped). */
  rows: number
  /** Rows that could not be read safely (each went to `onBroken`). */
  brokenRows: number
  /** Readable notes about the file as a whole (e.g. not UTF-8). */
  warnings: string[]
}

export interface CsvRowHandler {
  /**
   * One data record, exactly as many cells as headers (short rows padded with '').
   * `row` numbers records as a spreadsheet does: the header is row 1, the first record row 2.
   * Return false to stop reading early (e.g. a preview).
   */
  (cells: string[], row: number): boolean | void | Promise<boolean | void>
}

export interface CsvReadOptions {
  /** The cleaned header names, before the first row. */
  onHeaders?: (headers: string[]) => void
  onRow: CsvRowHandler
  /** A row that cannot be read safely: its number, why, and its cells as far as they could be read. */
  onBroken?: (row: number, reason: string, cells: string[]) => void | Promise<void>
  signal?: AbortSignal
  /** Called with the bytes consumed so far, about once per chunk. */
  onBytes?: (bytes: number) => void
}

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t']

export function detectEncoding(head: Uint8Array): { encoding: CsvEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 }
  return { encoding: 'utf-8', bomLength: 0 }
}

/**
 * The delimiter is the candidate seen most often in the header record (outside quotes).
 * Ties go to comma, then semicolon, then tab; a single-column file reads as comma-separated.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]))
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      // Blank leading lines carry no information; keep looking for the header.
      if ([...counts.values()].some((n) => n > 0) || text.slice(0, i).trim() !== '') break
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  }
  let best: CsvDelimiter = ','
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d
  return best
}

/** Header cells trimmed; blank ones named by position; repeated names numbered so each is unique. */
export function cleanHeaders(cells: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return cells.map((cell, i) => {
    const base = cell.trim() || `Column ${i + 1}`
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1
    seen.set(base.toLowerCase(), n)
    return n === 1 ? base : `${base} (${n})`
  })
}

interface DecodeState {
  encoding: CsvEncoding
  bom: boolean
  invalidBytes: boolean
  bytes: number
}

/** Decodes byte chunks to text, sniffing the BOM on the first bytes; invalid UTF-8 becomes U+FFFD. */
async function* decode(chunks: AsyncIterable<Uint8Array>, state: DecodeState, onBytes?: (n: number) => void) {
  let decoder: TextDecoder | null = null
  let strict: TextDecoder | null = null
  let pending = new Uint8Array(0)
  for await (const raw of chunks) {
    let chunk: Uint8Array = raw
    state.bytes += chunk.length
    if (!decoder) {
      // Wait for three bytes so a BOM split across chunks is still recognised.
      const joined = new Uint8Array(pending.length + chunk.length)
      joined.set(pending)
      joined.set(chunk, pending.length)
      if (joined.length < 3) {
        pending = joined
        continue
      }
      const { encoding, bomLength } = detectEncoding(joined)
      state.encoding = encoding
      state.bom = bomLength > 0
      decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true })
      if (encoding === 'utf-8') strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
      chunk = joined.subarray(bomLength)
    }
    if (strict) {
      try {
        strict.decode(chunk, { stream: true })
      } catch {
        state.invalidBytes = true
        strict = null
      }
    }
    const text = decoder.decode(chunk, { stream: true })
    onBytes?.(state.bytes)
    if (text) yield text
  }
  if (!decoder) {
    const { encoding, bomLength } = detectEncoding(pending)
    state.encoding = encoding
    state.bom = bomLength > 0
    decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true })
    if (encoding === 'utf-8') strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    const body = pending.subarray(bomLength)
    if (strict) {
      try {
        strict.decode(body, { stream: true })
      } catch {
        state.invalidBytes = true
        strict = null
      }
    }
    const text = decoder.decode(body, { stream: true })
    if (text) yield text
  }
  if (strict) {
    try {
      strict.decode()
    } catch {
      state.invalidBytes = true
    }
  }
  const tail = decoder.decode()
  if (tail) yield tail
}

/** Holds decoded text back until the header record is complete, to detect the delimiter from it. */
async function* withDelimiter(texts: AsyncIterable<string>, found: (d: CsvDelimiter) => void) {
  let head = ''
  let decided = false
  for await (const text of texts) {
    if (decided) {
      yield text
      continue
    }
    head += text
    if (/[\r\n]/.test(head.replace(/"[^"]*"/g, '')) && head.trim() !== '') {
      found(detectDelimiter(head))
      decided = true
      yield head
    }
  }
  if (!decided) {
    found(detectDelimiter(head))
    if (head) yield head
  }
}

/** At most this many columns are read: a wider header is not a contact list. */
export const MAX_COLUMNS = 500
/** The first characters looked at to tell a text file from a binary one. */
const SNIFF_CHARS = 64 * 1024
/** Records handed to papaparse at once. */
const BATCH = 500

/**
 * A file with NUL characters, or where more than a tenth of the first 64 KB is bytes that are not
 * UTF-8 or control characters, is a binary file (a spreadsheet, an image, a zip), not a CSV.
 */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true
  let unreadable = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) unreadable++
  }
  return text.length > 0 && unreadable / text.length > 0.1
}

async function* sniffed(texts: AsyncIterable<string>) {
  let head = ''
  let checked = false
  for await (const text of texts) {
    if (checked) {
      yield text
      continue
    }
    head += text
    if (head.length >= SNIFF_CHARS) {
      if (looksBinary(head.slice(0, SNIFF_CHARS))) throw notText()
      checked = true
      yield head
    }
  }
  if (!checked) {
    if (looksBinary(head)) throw notText()
    if (head) yield head
  }
}

export function notText(): AppError {
  return new AppError('VALIDATION', 'This is not a CSV text file: save it from your spreadsheet as CSV (UTF-8)', {
    file: 'not text',
  })
}

/**
 * Reads CSV records from byte chunks. Throws VALIDATION for an empty or binary file and for more
 * than 500 columns. Every row that cannot be read safely (an unclosed or stray quote, more values
 * than the header has columns, bytes that are not UTF-8, over 100,000 characters) goes to
 * `onBroken` with its row number and the reason, never silently merged or dropped; short rows
 * are padded and blank lines skipped.
 */
export async function readCsv(chunks: AsyncIterable<Uint8Array>, options: CsvReadOptions): Promise<CsvInfo> {
  const state: DecodeState = { encoding: 'utf-8', bom: false, invalidBytes: false, bytes: 0 }
  let delimiter: CsvDelimiter = ','
  const texts = withDelimiter(sniffed(decode(chunks, state, options.onBytes)), (d) => (delimiter = d))
  let headers: string[] | null = null
  let rows = 0
  let broken = 0
  let stopped = false
  let queue: RecordItem[] = []
  let splitter: RecordSplitter | null = null

  const cellsOf = (text: string): string[] => {
    const parsed = Papa.parse<string[]>(text, { delimiter, newline: '\n' })
    return parsed.data.flat()
  }
  const brokenRow = async (row: number, reason: string, cells: string[]) => {
    rows += 1
    broken += 1
    await options.onBroken?.(row, reason, cells)
  }
  /** A record's cells, or why the row is rejected. */
  const check = (record: string[], columns: number): { cells: string[] } | { reason: string } => {
    let cells = record
    if (cells.length > columns) {
      // Trailing empty cells are a common spreadsheet artefact; values beyond the header are not.
      let last = cells.length
      while (last > columns && (cells[last - 1] ?? '').trim() === '') last--
      if (last > columns) return { reason: `The row has ${last} values but the header has ${columns} columns` }
      cells = cells.slice(0, columns)
    } else if (cells.length < columns) cells = [...cells, ...new Array<string>(columns - cells.length).fill('')]
    if (state.invalidBytes && cells.some((c) => c.includes('\uFFFD'))) {
      return { reason: 'The row has bytes that are not UTF-8 (shown as \uFFFD); save the file as UTF-8' }
    }
    return { cells }
  }

  const drain = async (): Promise<void> => {
    const items = queue
    queue = []
    let i = 0
    while (i < items.length && !stopped) {
      if (options.signal?.aborted) throw new AppError('INVALID_STATE', 'Reading the file was cancelled')
      const item = items[i] as RecordItem
      if (!headers) {
        if (item.kind === 'broken') {
          throw new AppError('VALIDATION', `The header row cannot be read: ${item.reason}`, { file: 'header' })
        }
        const header = cellsOf(item.text)
        if (header.length > MAX_COLUMNS) {
          throw new AppError(
            'VALIDATION',
            `The file has ${header.length.toLocaleString('en-US')} columns; at most ${MAX_COLUMNS} are read`,
            { file: 'too many columns' },
          )
        }
        headers = cleanHeaders(header)
        splitter?.setColumns(headers.length)
        options.onHeaders?.(headers)
        i++
        continue
      }
      const columns = headers.length
      if (item.kind === 'broken') {
        await brokenRow(item.row, item.reason, cellsOf(item.text))
        i++
        continue
      }
      // Consecutive records go to papaparse together.
      let j = i
      while (j < items.length && j - i < BATCH && items[j]?.kind === 'record') j++
      const batch = items.slice(i, j) as Extract<RecordItem, { kind: 'record' }>[]
      const parsed = Papa.parse<string[]>(batch.map((r) => r.text).join('\n'), { delimiter, newline: '\n' })
      const aligned = parsed.data.length === batch.length
      const errors = new Map<number, string>()
      for (const e of parsed.errors) if (e.row !== undefined) errors.set(e.row, e.message)
      for (let k = 0; k < batch.length && !stopped; k++) {
        const record = batch[k] as (typeof batch)[number]
        const error = aligned ? errors.get(k) : undefined
        const cells = aligned ? (parsed.data[k] as string[]) : cellsOf(record.text)
        if (error) {
          await brokenRow(record.row, error, cells)
          continue
        }
        const checked = check(cells, columns)
        if ('reason' in checked) {
          await brokenRow(record.row, checked.reason, cells)
          continue
        }
        rows += 1
        if ((await options.onRow(checked.cells, record.row)) === false) stopped = true
      }
      i = j
    }
  }

  for await (const text of texts) {
    splitter ??= new RecordSplitter(delimiter, (item) => queue.push(item))
    splitter.push(text)
    await drain()
    if (stopped) break
  }
  if (!stopped) {
    splitter?.end()
    await drain()
  }
  if (!headers) throw new AppError('VALIDATION', 'The file is empty: it has no header row', { file: 'empty' })
  const warnings: string[] = []
  if (state.invalidBytes) {
    warnings.push(
      'The file is not valid UTF-8: rows with unreadable characters are rejected. Save it as UTF-8 to keep them.',
    )
  }
  return { encoding: state.encoding, bom: state.bom, delimiter, headers, rows, brokenRows: broken, warnings }
}

/** True when the first 64 KB of the file on disk are not text (see `looksBinary`). */
export function fileLooksBinary(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(SNIFF_CHARS)
    const read = readSync(fd, head, 0, SNIFF_CHARS, 0)
    const bytes = head.subarray(0, read)
    const { encoding, bomLength } = detectEncoding(bytes)
    return looksBinary(new TextDecoder(encoding, { fatal: false }).decode(bytes.subarray(bomLength)))
  } finally {
    closeSync(fd)
  }
}

/** `readCsv` over a file on disk, read in 64 KB chunks. */
export function readCsvFile(path: string, options: CsvReadOptions): Promise<CsvInfo> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 })
  return readCsv(stream, options).finally(() => stream.destroy())
}
