import { describe, expect, it } from 'vitest'
import { readPhone } from '../../../src/main/engine/phone'
import { validateLead } from '../../../src/main/engine/validate'
import type { FieldDef } from '../../../src/main/engine/types'

describe('phone numbers', () => {
  it.each([
    // International dialling prefixes before a country code.
    ['001-672-799-2170', '+16727992170', null],
    ['011 1 415 555 0100', '+14155550100', null],
    ['+1 (415) 555-0100', '+14155550100', null],
    ['1 415 555 0100', '+14155550100', null],
    // Extensions, in the forms contact lists use.
    ['(415) 555-0100 x123', '+14155550100', '123'],
    ['415-555-0100 ext. 123', '+14155550100', '123'],
    ['415.555.0100 #123', '+14155550100', '123'],
    ['4155550100 ext 5610', '+14155550100', '5610'],
  ])('%s → %s ext %s', (raw, number, ext) => {
    expect(readPhone(raw)).toEqual({ ok: true, number, ext })
  })

  it.each([
    ['011 44 20 7946 0958', 'Country code 44 not allowed'],
    ['+44 20 7946 0958', 'Country code 44 not allowed'],
    ['415-555-01', 'Too short for US: 8 digits, 10 needed'],
    ['415 555 0100 99', 'Too long for US: 12 digits, 10 needed'],
    ['(115) 555-0100', 'Not a valid area code: 115'],
    ['911-555-0100', 'Not a valid area code: 911'],
    ['call me', 'Not a phone number: it has no digits'],
    ['00 999 1234 5678', 'Not a known country code'],
  ])('%s is refused: %s', (raw, error) => {
    expect(readPhone(raw)).toEqual({ ok: false, error })
  })

  it('accepts another country when the field allows its calling code', () => {
    expect(readPhone('011 44 20 7946 0958', ['1', '44'])).toEqual({ ok: true, number: '+442079460958', ext: null })
    expect(readPhone('0044 20 7946', ['1', '44'])).toEqual({ ok: false, error: 'Too short for +44' })
  })
})

describe('phone fields in validation', () => {
  const phone: FieldDef = {
    key: 'phone',
    label: 'Phone',
    type: 'phone',
    required: true,
    requiredForPing: false,
    deliverable: true,
    validation: {},
  }

  it('keeps the extension as phone_ext next to the E.164 number', () => {
    expect(validateLead([phone], { phone: '(415) 555-0100 ext. 123' })).toEqual({
      ok: true,
      values: { phone: '+14155550100', phone_ext: '123' },
    })
    expect(validateLead([phone], { phone: '001-415-555-0100' })).toEqual({
      ok: true,
      values: { phone: '+14155550100' },
    })
  })

  it('an extension sent on its own wins over one typed after the number', () => {
    expect(validateLead([phone], { phone: '415 555 0100 x1', phone_ext: '22' })).toEqual({
      ok: true,
      values: { phone: '+14155550100', phone_ext: '22' },
    })
  })

  it('says what is wrong with the number', () => {
    expect(validateLead([phone], { phone: '+44 20 7946 0958' })).toEqual({
      ok: false,
      fields: { phone: 'Country code 44 not allowed' },
    })
    const uk = { ...phone, validation: { countries: ['1', '44'] } }
    expect(validateLead([uk], { phone: '011 44 20 7946 0958' })).toEqual({
      ok: true,
      values: { phone: '+442079460958' },
    })
  })
})
