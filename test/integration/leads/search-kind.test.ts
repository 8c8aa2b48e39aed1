import { describe, expect, it } from 'vitest'
import { ftsQuery, searchKind } from '../../../src/main/db/repositories/leads'

describe('what the search box is routed to', () => {
  it.each([
    ['maria lopez', { kind: 'words', match: '"maria"* "lopez"*' }],
    ['  Lopez ', { kind: 'words', match: '"lopez"*' }],
    ['maria@gmail', { kind: 'email', prefix: 'maria@gmail' }],
    ['Maria.Lopez@Gmail.com', { kind: 'email', prefix: 'maria.lopez@gmail.com' }],
    ['(415) 555-0101', { kind: 'phone', prefixes: ['+4155550101', '+14155550101'], suffix: '4155550101' }],
    ['+1 415 555', { kind: 'phone', prefixes: ['+1415555'], suffix: '1415555' }],
    // Three digits start a phone number only; from four on they may also be its end.
    ['415', { kind: 'phone', prefixes: ['+415', '+1415'], suffix: null }],
    ['0100', { kind: 'phone', prefixes: ['+0100', '+10100'], suffix: '0100' }],
    ['5EED0000-0000-4000-8000-000000000001', { kind: 'uuid', uuid: '5eed0000-0000-4000-8000-000000000001' }],
    // Part of a UUID is not one: its words go to the full-text index.
    ['5eed0000-0000', { kind: 'words', match: '"5eed0000"* "0000"*' }],
    // Two digits are too few to mean a phone number; they search the words (e.g. a zip in a name field).
    ['42', { kind: 'words', match: '"42"*' }],
    ['"; DROP', { kind: 'words', match: '"drop"*' }],
    ['***', null],
  ])('%s', (text, expected) => {
    expect(searchKind(text)).toEqual(expected)
  })

  it('quotes every word so the operator cannot write FTS syntax by accident', () => {
    expect(ftsQuery('a"b OR c')).toBe('"a"* "b"* "or"* "c"*')
  })
})
