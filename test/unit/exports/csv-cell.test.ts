import { describe, expect, it } from 'vitest'
import { csvCell, csvLine, runsAsFormula } from '../../../src/main/services/exports/csv'

describe('export cells: only what a spreadsheet would run is neutralised', () => {
  it.each([
    ['+15125550100', '+15125550100'],
    ['+14155550100', '+14155550100'],
    ['-12', '-12'],
    ['+3.5', '+3.5'],
    ['-0.25', '-0.25'],
    ['+1e3', '+1e3'],
    ['5125550100', '5125550100'],
    ['1+1', '1+1'],
    ['Lee', 'Lee'],
    ['ann@example.com', 'ann@example.com'],
  ])('keeps data %j as it is', (value, cell) => {
    expect(runsAsFormula(value)).toBe(false)
    expect(csvCell(value)).toBe(cell)
  })

  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['+1 512 555 0100', "'+1 512 555 0100"],
    ['-', "'-"],
    ['+', "'+"],
    ['+15125550100=1', "'+15125550100=1"],
    ['-1)', "'-1)"],
    ['\tcmd', '"\'\tcmd"'],
    ['\r=1', '"\'\r=1"'],
  ])('neutralises %j', (value, cell) => {
    expect(runsAsFormula(value)).toBe(true)
    expect(csvCell(value)).toBe(cell)
  })

  it('writes numbers, booleans and empty values plainly, quoting separators', () => {
    expect(csvLine([-5, true, null, '', 'a,b', '+15125550100'])).toBe('-5,true,,,"a,b",+15125550100\r\n')
  })
})
