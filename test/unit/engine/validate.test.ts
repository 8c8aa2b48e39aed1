import { describe, expect, it } from 'vitest'
import { normalizeDate, normalizeEmail, normalizePhone, normalizeZip } from '../../../src/main/engine/normalize'
import { splitValues, validateLead } from '../../../src/main/engine/validate'
import type { FieldDef } from '../../../src/main/engine/types'

describe('normalisation', () => {
  it.each([
    ['(415) 555-2671', '+14155552671'],
    ['415.555.2671 ext. 12', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
    ['12', null],
  ])('phone %s → %s', (raw, expected) => expect(normalizePhone(raw)).toBe(expected))
  it.each([
    ['  Jane@Example.COM ', 'jane@example.com'],
    ['not-an-email', null],
  ])('email %s → %s', (raw, expected) => expect(normalizeEmail(raw)).toBe(expected))
  it.each([
    ['94103', '94103'],
    ['94103-1234', '94103'],
    [' 94103 ', '94103'],
    ['9410', null],
  ])('zip %s → %s', (raw, expected) => expect(normalizeZip(raw)).toBe(expected))
  it.each([
    ['2026-02-03', '2026-02-03'],
    ['2/3/2026', '2026-02-03'],
    ['2026-02-30', null],
  ])('date %s → %s', (raw, expected) => expect(normalizeDate(raw)).toBe(expected))
})

const def = (key: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  label: key,
  type,
  required: false,
  requiredForPing: false,
  deliverable: true,
  validation: {},
  ...extra,
})

describe('validateLead', () => {
  const defs: FieldDef[] = [
    def('email', 'email', { required: true, requiredForPing: false }),
    def('phone', 'phone', { required: true }),
    def('zip', 'zip', { requiredForPing: true }),
    def('age', 'number', { validation: { min: 18, max: 99 } }),
    def('owner', 'boolean'),
    def('plan', 'choice', { validation: { choices: ['Basic', 'Full'] } }),
    def('code', 'text', { validation: { pattern: '[A-Z]{3}' } }),
    def('born', 'date'),
  ]
  const valid = {
    email: 'A@B.co',
    phone: '415 555 2671',
    zip: '94103-0001',
    age: '30',
    owner: 'yes',
    plan: 'full',
    code: 'ABC',
    born: '1990-01-02',
  }

  it('normalises every type', () => {
    const r = validateLead(defs, { ...valid, extra: '  kept ' })
    expect(r).toEqual({
      ok: true,
      values: {
        email: 'a@b.co',
        phone: '+14155552671',
        zip: '94103',
        age: 30,
        owner: true,
        plan: 'Full',
        code: 'ABC',
        born: '1990-01-02',
        extra: 'kept',
      },
    })
  })

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ['missing required', { email: '' }, 'email', /required/],
    ['bad email', { email: 'x' }, 'email', /email/],
    ['bad phone', { phone: '123' }, 'phone', /^Too short for US: 3 digits, 10 needed$/],
    ['bad zip', { zip: 'abc' }, 'zip', /zip/],
    ['number below min', { age: 17 }, 'age', /at least 18/],
    ['number above max', { age: 100 }, 'age', /at most 99/],
    ['not a number', { age: 'old' }, 'age', /number/],
    ['bad boolean', { owner: 'maybe' }, 'owner', /yes or no/],
    ['unknown choice', { plan: 'Gold' }, 'plan', /Basic, Full/],
    ['pattern', { code: 'abc' }, 'code', /format/],
    ['bad date', { born: 'yesterday' }, 'born', /date/],
    ['object value', { nested: { a: 1 } }, 'nested', /single value/],
  ]
  it.each(bad)('%s is reported on its field', (_name, patch, field, message) => {
    const r = validateLead(defs, { ...valid, ...patch })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(Object.keys(r.fields)).toEqual([field])
      expect(r.fields[field]).toMatch(message)
    }
  })

  it('ping mode only requires fields required for ping', () => {
    expect(validateLead(defs, { zip: '94103' }, 'ping').ok).toBe(true)
    const r = validateLead(defs, { age: 30 }, 'ping')
    expect(r.ok ? null : r.fields).toEqual({ zip: 'zip is required' })
  })

  it('splits contact from details', () => {
    const { contact, details } = splitValues({ email: 'a@b.co', vehicles: 2 })
    expect(contact.email).toBe('a@b.co')
    expect(contact.phone).toBeNull()
    expect(details).toEqual({ vehicles: 2 })
  })
})
