import { describe, expect, it } from 'vitest'
import { countOf, plural } from '../../../src/shared/text/plural'

describe('counts agree with their noun', () => {
  it.each([
    [0, 'lead', '0 leads'],
    [1, 'lead', '1 lead'],
    [2, 'lead', '2 leads'],
    [1, 'lead type', '1 lead type'],
    [3, 'valid row', '3 valid rows'],
  ])('%i %s', (n, noun, text) => {
    expect(countOf(n, noun)).toBe(text)
  })

  it('takes an irregular plural and can give the noun alone', () => {
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries')
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry')
    expect(plural(1, 'lead')).toBe('lead')
    expect(plural(12, 'lead')).toBe('leads')
  })
})
