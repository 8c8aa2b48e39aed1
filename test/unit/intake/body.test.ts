import { describe, expect, it } from 'vitest'
import { applyAliases, checkLimits, flattenNested, formFields } from '../../../src/main/intake/body'
import { DEFAULT_INTAKE_LIMITS } from '../../../src/shared/domain/config'

describe('intake bodies', () => {
  it('flattens nested objects into dotted names and leaves arrays and flat bodies alone', () => {
    const flat = { first_name: 'Ann', tags: ['a', 'b'] }
    expect(flattenNested(flat)).toBe(flat)
    expect({ ...flattenNested({ a: { b: { c: 1 }, d: null }, e: 'x', f: [{ g: 1 }] }) }).toEqual({
      'a.b.c': 1,
      'a.d': null,
      e: 'x',
      f: [{ g: 1 }],
    })
  })

  it('keeps the last value of a form name sent twice', () => {
    expect({ ...formFields({ phone: ['1', '2'], zip: '94110' }) }).toEqual({ phone: '2', zip: '94110' })
  })

  it('renames by alias but never overwrites a field the source also sent under its own key', () => {
    const aliases = { phone_1: 'phone', First_Name: 'first_name' }
    expect({ ...applyAliases({ phone_1: '1', First_Name: 'Ann', zip: '9' }, aliases) }).toEqual({
      phone: '1',
      first_name: 'Ann',
      zip: '9',
    })
    expect({ ...applyAliases({ phone_1: '1', phone: '2' }, aliases) }).toEqual({ phone_1: '1', phone: '2' })
  })

  it('counts nested fields, names the deepest offending field and refuses deep nesting', () => {
    const limits = { ...DEFAULT_INTAKE_LIMITS, maxFields: 3 }
    expect(checkLimits({ a: 1, b: { c: 1 } }, limits)).toBeNull()
    expect(checkLimits({ a: 1, b: { c: 1, d: 2 } }, limits)?.status).toBe(422)
    expect(checkLimits({ a: { b: 'x'.repeat(10_001) } }, DEFAULT_INTAKE_LIMITS)?.body).toMatchObject({
      fields: { 'a.b': expect.any(String) },
    })
    let deep: Record<string, unknown> = { z: 1 }
    for (let i = 0; i < 20; i++) deep = { n: deep }
    expect(checkLimits(deep, DEFAULT_INTAKE_LIMITS)?.status).toBe(422)
    expect(checkLimits({ ok: 'emoji 😀 pair' }, DEFAULT_INTAKE_LIMITS)).toBeNull()
    expect(checkLimits({ bad: 'x\udfff' }, DEFAULT_INTAKE_LIMITS)?.body).toMatchObject({
      fields: { bad: expect.any(String) },
    })
  })
})
