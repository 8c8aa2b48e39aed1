import { describe, expect, it } from 'vitest'
import { cleanHeaders, detectDelimiter, readCsv } from '../../../src/main/services/imports/parse'

async function* chunks(parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p, 'utf8') : p
}

async function parse(...parts: (string | Uint8Array)[]) {
  const rows: { row: number; cells: string[] }[] = []
  const info = await readCsv(chunks(parts), { onRow: (cells, row) => void rows.push({ row, cells }) })
  return { ...info, records: rows }
}

function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
}

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le')
  const be = Buffer.alloc(le.length)
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0
    be[i + 1] = le[i] ?? 0
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be])
}

describe('readCsv', () => {
  it('reads quoted fields holding delimiters, doubled quotes and line breaks', async () => {
    const result = await parse('name,notes,zip\n"Doe, Jane","said ""hi""\nthen left",90210\nBob,plain,10001\n')
    expect(result.headers).toEqual(['name', 'notes', 'zip'])
    expect(result.records).toEqual([
      { row: 2, cells: ['Doe, Jane', 'said "hi"\nthen left', '90210'] },
      { row: 3, cells: ['Bob', 'plain', '10001'] },
    ])
    expect(result).toMatchObject({ delimiter: ',', encoding: 'utf-8', bom: false, rows: 2, warnings: [] })
  })

  it('strips a UTF-8 BOM, even when it arrives split across chunks', async () => {
    const bytes = Buffer.from('\uFEFFEmail;Zip\r\na@b.co;02134\r\n', 'utf8')
    const result = await parse(bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2))
    expect(result.bom).toBe(true)
    expect(result.headers).toEqual(['Email', 'Zip'])
    expect(result.delimiter).toBe(';')
    expect(result.records).toEqual([{ row: 2, cells: ['a@b.co', '02134'] }])
  })

  it('decodes UTF-16 little and big endian files with a BOM', async () => {
    const text = 'First Name\tCity\r\nJosé\tZürich\r\n'
    for (const [bytes, encoding] of [
      [utf16le(text), 'utf-16le'],
      [utf16be(text), 'utf-16be'],
    ] as const) {
      const result = await parse(bytes)
      expect(result.encoding).toBe(encoding)
      expect(result.delimiter).toBe('\t')
      expect(result.headers).toEqual(['First Name', 'City'])
      expect(result.records).toEqual([{ row: 2, cells: ['José', 'Zürich'] }])
    }
  })

  it('detects semicolons and tabs, and treats CRLF and LF the same', async () => {
    const crlf = await parse('a;b;c\r\n1;2;3\r\n4;5;6\r\n')
    const lf = await parse('a;b;c\n1;2;3\n4;5;6\n')
    expect(crlf.records).toEqual(lf.records)
    expect(crlf.records.map((r) => r.cells)).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ])
    const tabs = await parse('a\tb\n"x,y"\tz\n')
    expect(tabs.delimiter).toBe('\t')
    expect(tabs.records[0]?.cells).toEqual(['x,y', 'z'])
  })

  it('skips blank trailing and inner lines', async () => {
    const result = await parse('a,b\n1,2\n\n3,4\n\n\n  \n')
    expect(result.rows).toBe(2)
    expect(result.records.map((r) => r.cells)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ])
  })

  it('refuses an empty file and a file of blank lines with a clear error', async () => {
    await expect(parse('')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'The file is empty: it has no header row',
    })
    await expect(parse('\uFEFF\r\n\r\n')).rejects.toMatchObject({ code: 'VALIDATION' })
  })

  it('reads a header-only file as zero rows', async () => {
    const result = await parse('email,phone\r\n')
    expect(result.headers).toEqual(['email', 'phone'])
    expect(result.rows).toBe(0)
    expect(result.records).toEqual([])
    const noNewline = await parse('email;phone')
    expect(noNewline).toMatchObject({ headers: ['email', 'phone'], delimiter: ';', rows: 0 })
  })

  it('keeps 10,000-character fields whole across chunk boundaries', async () => {
    const long = 'x'.repeat(10_000)
    const withQuotes = `${'y'.repeat(4_999)}"",${'z'.repeat(5_000)}`
    const file = `id,text\n1,${long}\n2,"${withQuotes}"\n`
    const parts: string[] = []
    for (let i = 0; i < file.length; i += 777) parts.push(file.slice(i, i + 777))
    const result = await parse(...parts)
    expect(result.records.map((r) => r.cells[1]?.length)).toEqual([10_000, 10_001])
    expect(result.records[0]?.cells[1]).toBe(long)
    expect(result.records[1]?.cells[1]).toBe(`${'y'.repeat(4_999)}",${'z'.repeat(5_000)}`)
  })

  it('stops when the row handler says so', async () => {
    const seen: number[] = []
    const info = await readCsv(chunks(['a\n1\n2\n3\n4\n']), {
      onRow: (_cells, row) => {
        seen.push(row)
        return seen.length < 2
      },
    })
    expect(seen).toEqual([2, 3])
    expect(info.rows).toBe(2)
  })
})

describe('detectDelimiter and cleanHeaders', () => {
  it('counts only delimiters outside quotes in the header record', () => {
    expect(detectDelimiter('"a;b;c",d,e\n1;2;3;4')).toBe(',')
    expect(detectDelimiter('a;b,c;d\n')).toBe(';')
    expect(detectDelimiter('\n\nsingle\n')).toBe(',')
  })

  it('names blank headers and numbers repeated ones', () => {
    expect(cleanHeaders([' Email ', '', 'email', 'Phone', 'EMAIL'])).toEqual([
      'Email',
      'Column 2',
      'email (2)',
      'Phone',
      'EMAIL (3)',
    ])
  })
})
