import { describe, expect, it } from 'vitest'
import { validateLead } from '../../../src/main/engine/validate'
import type { FieldDef } from '../../../src/main/engine/types'

const field = (key: string, type: FieldDef['type'], validation: FieldDef['validation'] = {}): FieldDef => ({
  key,
  label: key,
  type,
  required: false,
  requiredForPing: false,
  deliverable: true,
  validation,
})

describe('field length limits', () => {
  const defs = [field('first_name', 'text'), field('email', 'email'), field('notes', 'text', { max: 10_000 })]

  it('255 characters for short text, 254 for email, the definition’s max for long text', () => {
    expect(validateLead(defs, { first_name: 'a'.repeat(255), notes: 'n'.repeat(10_000) }).ok).toBe(true)
    expect(validateLead(defs, { first_name: 'a'.repeat(256) })).toEqual({
      ok: false,
      fields: { first_name: 'Too long: 256 characters, at most 255' },
    })
    expect(validateLead(defs, { email: `${'a'.repeat(243)}@example.com` })).toEqual({
      ok: false,
      fields: { email: 'Too long: 255 characters, at most 254' },
    })
    expect(validateLead(defs, { notes: 'n'.repeat(10_001) })).toEqual({
      ok: false,
      fields: { notes: 'Must be at most 10000 characters' },
    })
  })

  it('a megabyte first name is refused by its length, and fields the category does not define stop at 10,000', () => {
    expect(validateLead(defs, { first_name: 'x'.repeat(1_048_576) })).toEqual({
      ok: false,
      fields: { first_name: 'Too long: 1,048,576 characters, at most 255' },
    })
    expect(validateLead(defs, { extra: 'e'.repeat(10_001) })).toEqual({
      ok: false,
      fields: { extra: 'Too long: 10,001 characters, at most 10,000' },
    })
  })

  it('spaces around a value do not count', () => {
    expect(validateLead(defs, { first_name: ` ${'a'.repeat(255)} ` }).ok).toBe(true)
  })
})
