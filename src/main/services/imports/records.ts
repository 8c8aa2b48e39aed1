/**
 * Where each CSV record begins and ends, with recovery from broken quotes. Papaparse splits the
 * cells (see parse.ts) but, read as a stream, it cannot recover from a quote that is never closed:
 * every later line is merged into one value. Here a record that spans lines is accepted only when
 * its quotes close properly and it has exactly the header's columns; otherwise its first line is
 * rejected as "unclosed quote" and reading resumes on the next line, so one bad quote costs one row.
 */

export const MAX_ROW_CHARS = 100_000

export type RecordItem =
  { kind: 'record'; row: number; text: string } | { kind: 'broken'; row: number; text: string; reason: string }

export const UNCLOSED_QUOTE = 'Unclosed quote: the row was not imported (rows after it were read on their own)'
export const STRAY_QUOTE = 'A quote inside a quoted value is not doubled (""); the row cannot be read safely'
export const ROW_TOO_LONG = `The row is longer than ${MAX_ROW_CHARS.toLocaleString('en-US')} characters`

interface QuoteState {
  quoted: boolean
  atFieldStart: boolean
  afterClose: boolean
  cells: number
  malformed: boolean
}

const fresh = (): QuoteState => ({ quoted: false, atFieldStart: true, afterClose: false, cells: 1, malformed: false })

/**
 * Follows the quotes of one physical line (without its line break) as papaparse reads them: a
 * field is quoted only when it starts with a quote, `""` is a quote inside it, and only spaces may
 * follow its closing quote. Returns true when the record ends with this line.
 */
function scanLine(state: QuoteState, line: string, delimiter: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (state.quoted) {
      if (c !== '"') continue
      if (line[i + 1] === '"') i++
      else {
        state.quoted = false
        state.afterClose = true
      }
    } else if (state.afterClose) {
      if (c === delimiter) {
        state.cells++
        state.atFieldStart = true
        state.afterClose = false
      } else if (c !== ' ' && c !== '\t') {
        state.malformed = true
        return true
      }
    } else if (c === delimiter) {
      state.cells++
      state.atFieldStart = true
    } else if (state.atFieldStart && c === '"') {
      state.quoted = true
      state.atFieldStart = false
    } else state.atFieldStart = false
  }
  return !state.quoted
}

/** A line of nothing but spaces and delimiters carries no record (papaparse's "greedy" skipping). */
function isBlank(line: string, delimiter: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c !== ' ' && c !== '\t' && c !== delimiter) return false
  }
  return true
}

/**
 * Splits decoded text into records. `columns` is learnt from the first record (the header) and
 * used to judge records that span lines. Blank lines are skipped and not numbered; every other
 * record, good or broken, takes the next row number (the header is row 1).
 */
export class RecordSplitter {
  private buffer = ''
  /** The physical lines of a record still open (inside a quoted value). */
  private pending: string[] = []
  private pendingChars = 0
  private state = fresh()
  private row = 0
  private columns: number | null = null
  /** A line longer than the limit is skipped up to its end. */
  private skipping = false

  constructor(
    private readonly delimiter: string,
    private readonly emit: (item: RecordItem) => void,
  ) {}

  setColumns(columns: number): void {
    this.columns = columns
  }

  push(text: string): void {
    this.buffer += text
    let start = 0
    for (;;) {
      const cr = this.buffer.indexOf('\r', start)
      const lf = this.buffer.indexOf('\n', start)
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf)
      if (end === -1) break
      // A CR at the very end may be the first half of CRLF: wait for the next text.
      if (end === cr && end === this.buffer.length - 1) break
      const line = this.buffer.slice(start, end)
      start = end + (end === cr && this.buffer[end + 1] === '\n' ? 2 : 1)
      this.line(line)
    }
    this.buffer = this.buffer.slice(start)
    if (this.buffer.length > MAX_ROW_CHARS) {
      if (!this.skipping) this.tooLong(this.buffer)
      this.skipping = true
      this.buffer = ''
    }
  }

  end(): void {
    // A last line may end with the CR that `push` kept back in case an LF followed.
    const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer
    if (rest !== '') this.line(rest)
    this.buffer = ''
    while (this.pending.length > 0) this.rejectFirstPending(UNCLOSED_QUOTE)
  }

  private line(line: string): void {
    if (this.skipping) {
      this.skipping = false
      return
    }
    if (this.pending.length === 0) {
      if (isBlank(line, this.delimiter)) return
      if (line.length > MAX_ROW_CHARS) return this.tooLong(line)
      // Most lines hold no quote at all: a record of their own.
      if (line.indexOf('"') === -1) return this.record(line)
      this.state = fresh()
    }
    this.pending.push(line)
    this.pendingChars += line.length + 1
    const ended = scanLine(this.state, line, this.delimiter)
    if (this.state.malformed) {
      if (this.pending.length === 1) {
        this.pending = []
        this.pendingChars = 0
        this.reject(STRAY_QUOTE, [line])
      } else this.rejectFirstPending(UNCLOSED_QUOTE)
      return
    }
    if (ended) {
      const lines = this.pending
      if (lines.length > 1 && this.columns !== null && this.state.cells !== this.columns) {
        this.rejectFirstPending(UNCLOSED_QUOTE)
        return
      }
      this.pending = []
      this.pendingChars = 0
      this.record(lines.join('\n'))
      return
    }
    if (this.pendingChars > MAX_ROW_CHARS) {
      if (this.pending.length === 1) {
        this.pending = []
        this.pendingChars = 0
        this.tooLong(line)
      } else this.rejectFirstPending(UNCLOSED_QUOTE)
    }
  }

  /** The first line of an open record is given up; the lines after it are read again on their own. */
  private rejectFirstPending(reason: string): void {
    const [first, ...rest] = this.pending
    this.pending = []
    this.pendingChars = 0
    this.reject(reason, [first ?? ''])
    for (const line of rest) this.line(line)
  }

  private record(text: string): void {
    this.row++
    this.emit({ kind: 'record', row: this.row, text })
  }

  private reject(reason: string, lines: string[]): void {
    this.row++
    this.emit({ kind: 'broken', row: this.row, text: lines.join('\n'), reason })
  }

  private tooLong(line: string): void {
    this.row++
    this.emit({ kind: 'broken', row: this.row, text: line.slice(0, 200), reason: ROW_TOO_LONG })
  }
}
