import { describe, expect, it } from 'vitest'
import { csvCell, csvLine, isoDate } from '../../../src/main/services/exports/csv'

describe('CSV cells for spreadsheets', () => {
  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(['=SUM(A1)', '+1 415', '-2+A1', '@cmd', '\tx', '\rx'].map(csvCell)).toEqual([
      "'=SUM(A1)",
      "'+1 415",
      "'-2+A1",
      "'@cmd",
      `"'\tx"`,
      `"'\rx"`,
    ])
    // Numbers are numbers, not formulas, whether stored as numbers or as text (a phone in E.164).
    expect(csvCell(-2)).toBe('-2')
    expect(csvCell('-2')).toBe('-2')
    expect(csvCell('+15125550100')).toBe('+15125550100')
    expect(csvCell('a=b')).toBe('a=b')
  })

  it('quotes delimiters, quotes and line breaks, and writes empty cells for nothing', () => {
    expect(csvLine(['Stone, Jr.', 'say "hi"', 'two\nlines', 'a;b', null, undefined, true, 1.5])).toBe(
      '"Stone, Jr.","say ""hi""","two\nlines","a;b",,,true,1.5\r\n',
    )
    expect(csvCell(Number.NaN)).toBe('')
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"')
  })

  it('writes dates as ISO-8601 in UTC', () => {
    expect(isoDate(Date.UTC(2026, 0, 5, 15, 0, 0))).toBe('2026-01-05T15:00:00.000Z')
    expect(isoDate(null)).toBe('')
  })
})
