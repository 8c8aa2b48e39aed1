import { describe, expect, it } from 'vitest'
import { readCsv } from '../../../src/main/services/imports/parse'
import { ROW_TOO_LONG, STRAY_QUOTE, UNCLOSED_QUOTE } from '../../../src/main/services/imports/records'

async function* chunks(parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p, 'utf8') : p
}

async function parse(...parts: (string | Uint8Array)[]) {
  const records: { row: number; cells: string[] }[] = []
  const broken: { row: number; reason: string; cells: string[] }[] = []
  const info = await readCsv(chunks(parts), {
    onRow: (cells, row) => void records.push({ row, cells }),
    onBroken: (row, reason, cells) => void broken.push({ row, reason, cells }),
  })
  return { ...info, records, broken }
}

describe('rows that cannot be read safely are reported, never merged or dropped', () => {
  it('an unclosed quote in row 3 rejects row 3 only; the rows after it are read', async () => {
    const result = await parse(
      'name,email,zip\nAnn,ann@example.com,94107\nBob,"bob@example.com,94108\nCy,cy@example.com,94109\nDee,dee@example.com,94110\n',
    )
    expect(result.records.map((r) => [r.row, r.cells[0]])).toEqual([
      [2, 'Ann'],
      [4, 'Cy'],
      [5, 'Dee'],
    ])
    expect(result.broken).toEqual([{ row: 3, reason: UNCLOSED_QUOTE, cells: ['Bob', 'bob@example.com,94108'] }])
    expect(result).toMatchObject({ rows: 4, brokenRows: 1 })
  })

  it('an unclosed quote that a later quote seems to close is still caught; a stray quote rejects its row', async () => {
    const result = await parse(
      [
        'name,notes,zip',
        'Ann,"fine",94107',
        'Bob,"broken,94108',
        'Cy,"has ""quotes""",94109',
        'Dee,"said "hi" twice",94110',
        'Eve,"two',
        'lines",94111',
        '',
      ].join('\r\n'),
    )
    expect(result.records.map((r) => [r.row, r.cells])).toEqual([
      [2, ['Ann', 'fine', '94107']],
      [4, ['Cy', 'has "quotes"', '94109']],
      [6, ['Eve', 'two\nlines', '94111']],
    ])
    expect(result.broken.map((b) => [b.row, b.reason])).toEqual([
      [3, UNCLOSED_QUOTE],
      [5, STRAY_QUOTE],
    ])
  })

  it('reads files with CR line ends, the last one included', async () => {
    const result = await parse('a,b\r1,"x\ry"\r3,4\r')
    expect(result.records).toEqual([
      { row: 2, cells: ['1', 'x\ny'] },
      { row: 3, cells: ['3', '4'] },
    ])
    expect(result.broken).toEqual([])
  })

  it('pads short rows, drops empty extra cells and rejects rows with more values than columns', async () => {
    const result = await parse('a,b,c\n1\n1,2,3,4\n5,6,7,,\n')
    expect(result.records).toEqual([
      { row: 2, cells: ['1', '', ''] },
      { row: 4, cells: ['5', '6', '7'] },
    ])
    expect(result.broken).toEqual([
      { row: 3, reason: 'The row has 4 values but the header has 3 columns', cells: ['1', '2', '3', '4'] },
    ])
    expect(result).toMatchObject({ rows: 3, brokenRows: 1, warnings: [] })
  })

  it('rejects the rows holding bytes that are not UTF-8 and says so', async () => {
    // "Müller" in Latin-1: 0xFC is not valid UTF-8 on its own.
    const latin1 = Buffer.from([...Buffer.from('name,city\nM'), 0xfc, ...Buffer.from('ller,Bonn\nAnn,Kiel\n')])
    const result = await parse(latin1)
    expect(result.records).toEqual([{ row: 3, cells: ['Ann', 'Kiel'] }])
    expect(result.broken).toEqual([
      {
        row: 2,
        reason: 'The row has bytes that are not UTF-8 (shown as \uFFFD); save the file as UTF-8',
        cells: ['M\uFFFDller', 'Bonn'],
      },
    ])
    expect(result.warnings).toEqual([
      'The file is not valid UTF-8: rows with unreadable characters are rejected. Save it as UTF-8 to keep them.',
    ])
  })

  it('refuses binary files and more than 500 columns; rejects rows over 100,000 characters', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
    await expect(parse(png)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'This is not a CSV text file: save it from your spreadsheet as CSV (UTF-8)',
    })
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => 128 + ((i * 37) % 128)))
    await expect(parse(noise)).rejects.toMatchObject({ message: /not a CSV text file/ })
    const wide = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')
    await expect(parse(`${wide}\n1\n`)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'The file has 10,000 columns; at most 500 are read',
    })
    const long = await parse('a,b\n1,2\n', 'x'.repeat(60_000), 'y'.repeat(60_000), ',3\n4,5\n')
    expect(long.records).toEqual([
      { row: 2, cells: ['1', '2'] },
      { row: 4, cells: ['4', '5'] },
    ])
    expect(long.broken.map((b) => [b.row, b.reason])).toEqual([[3, ROW_TOO_LONG]])
  })
})
