import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { TextDecoder } from 'node:util'
import Papa from 'papaparse'
import { AppError } from '../../../shared/api/errors'

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
  /** Data records read (the header not counted; blank lines skipped). */
  rows: number
  /** Readable notes about what was repaired: ragged rows, invalid bytes. */
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
  signal?: AbortSignal
  /** Called with the bytes consumed so far, about once per chunk. */
  onBytes?: (bytes: number) => void
}

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t']
const LISTED_ROWS = 10

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

function listRows(rows: number[], total: number): string {
  const shown = rows.join(', ')
  return total > rows.length ? `${shown} and ${total - rows.length} more` : shown
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

/**
 * Reads CSV records from byte chunks. Throws VALIDATION for an empty file. Short rows are padded,
 * extra non-empty cells are dropped with a warning; blank lines are skipped.
 */
export async function readCsv(chunks: AsyncIterable<Uint8Array>, options: CsvReadOptions): Promise<CsvInfo> {
  const state: DecodeState = { encoding: 'utf-8', bom: false, invalidBytes: false, bytes: 0 }
  let delimiter: CsvDelimiter = ','
  const texts = withDelimiter(decode(chunks, state, options.onBytes), (d) => (delimiter = d))[Symbol.asyncIterator]()
  // The first text arrives once the header record is complete, so the delimiter is known before
  // papaparse is created (it copies its configuration when constructed).
  const first = await texts.next()
  const text = Readable.from(
    (async function* () {
      if (!first.done) yield first.value
      for (;;) {
        const next = await texts.next()
        if (next.done) return
        yield next.value
      }
    })(),
    { objectMode: false, encoding: 'utf8' },
  )
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter, skipEmptyLines: 'greedy' })
  text.on('error', (error) => parser.destroy(error))
  text.pipe(parser)

  let headers: string[] | null = null
  let rows = 0
  const ragged: number[] = []
  let raggedCount = 0
  const replaced: number[] = []
  let replacedCount = 0
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (options.signal?.aborted) throw new AppError('INVALID_STATE', 'Reading the file was cancelled')
      if (!headers) {
        headers = cleanHeaders(record)
        options.onHeaders?.(headers)
        continue
      }
      rows += 1
      const row = rows + 1
      let cells = record
      if (cells.length > headers.length) {
        if (cells.slice(headers.length).some((c) => c.trim() !== '')) {
          raggedCount += 1
          if (ragged.length < LISTED_ROWS) ragged.push(row)
        }
        cells = cells.slice(0, headers.length)
      } else if (cells.length < headers.length) {
        cells = [...cells, ...new Array<string>(headers.length - cells.length).fill('')]
      }
      if (state.invalidBytes && cells.some((c) => c.includes('\uFFFD'))) {
        replacedCount += 1
        if (replaced.length < LISTED_ROWS) replaced.push(row)
      }
      const more = await options.onRow(cells, row)
      if (more === false) break
    }
  } finally {
    text.unpipe(parser)
    text.destroy()
    parser.destroy()
  }
  if (!headers) throw new AppError('VALIDATION', 'The file is empty: it has no header row', { file: 'empty' })
  const warnings: string[] = []
  if (raggedCount > 0) {
    warnings.push(
      `${raggedCount} row${raggedCount === 1 ? ' has' : 's have'} more cells than the header; the extra cells were ignored (rows ${listRows(ragged, raggedCount)})`,
    )
  }
  if (state.invalidBytes) {
    warnings.push(
      replacedCount > 0
        ? `The file is not valid UTF-8: unreadable characters were replaced with "\uFFFD" (rows ${listRows(replaced, replacedCount)}). Save it as UTF-8 to keep them.`
        : 'The file is not valid UTF-8: unreadable characters were replaced with "\uFFFD". Save it as UTF-8 to keep them.',
    )
  }
  return { encoding: state.encoding, bom: state.bom, delimiter, headers, rows, warnings }
}

/** `readCsv` over a file on disk, read in 64 KB chunks. */
export function readCsvFile(path: string, options: CsvReadOptions): Promise<CsvInfo> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 })
  return readCsv(stream, options).finally(() => stream.destroy())
}
