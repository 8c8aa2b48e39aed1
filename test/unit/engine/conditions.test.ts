import { describe, expect, it } from 'vitest'
import { describeCondition, firstFailure, matchesGroup } from '../../../src/main/engine/conditions'
import type { Condition, ConditionGroup } from '../../../src/shared/domain/config'

const fields = { state: 'CA', vehicles: 2, email: 'jane@example.com', empty: '', insured: true }

describe('matchesCondition through matchesGroup', () => {
  const cases: [string, Condition, boolean][] = [
    ['equals ignores case', { field: 'state', op: 'equals', value: 'ca' }, true],
    ['equals compares numbers as numbers', { field: 'vehicles', op: 'equals', value: '2.0' }, true],
    ['equals misses', { field: 'state', op: 'equals', value: 'NY' }, false],
    ['not_equals', { field: 'state', op: 'not_equals', value: 'NY' }, true],
    ['not_equals never matches a missing field', { field: 'missing', op: 'not_equals', value: 'NY' }, false],
    ['in', { field: 'state', op: 'in', value: ['NY', 'CA'] }, true],
    ['in misses', { field: 'state', op: 'in', value: ['NY', 'TX'] }, false],
    ['contains', { field: 'email', op: 'contains', value: 'EXAMPLE' }, true],
    ['starts_with', { field: 'email', op: 'starts_with', value: 'jane@' }, true],
    ['gt', { field: 'vehicles', op: 'gt', value: 1 }, true],
    ['gt is strict', { field: 'vehicles', op: 'gt', value: 2 }, false],
    ['lt', { field: 'vehicles', op: 'lt', value: '3' }, true],
    ['gt on text is false', { field: 'state', op: 'gt', value: 1 }, false],
    ['between is inclusive', { field: 'vehicles', op: 'between', value: [2, 4] }, true],
    ['between accepts a reversed pair', { field: 'vehicles', op: 'between', value: [4, 2] }, true],
    ['between misses', { field: 'vehicles', op: 'between', value: [3, 4] }, false],
    ['is_empty on blank text', { field: 'empty', op: 'is_empty' }, true],
    ['is_empty on missing field', { field: 'missing', op: 'is_empty' }, true],
    ['not_empty', { field: 'state', op: 'not_empty' }, true],
    ['regex', { field: 'email', op: 'regex', value: '^[a-z]+@example\\.com$' }, true],
    ['invalid regex matches nothing', { field: 'email', op: 'regex', value: '([' }, false],
    ['booleans read as true/false', { field: 'insured', op: 'equals', value: 'true' }, true],
  ]
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(matchesGroup({ match: 'all', conditions: [condition] }, fields)).toBe(expected)
  })
})

describe('groups', () => {
  const ca: Condition = { field: 'state', op: 'equals', value: 'CA' }
  const ny: Condition = { field: 'state', op: 'equals', value: 'NY' }
  const cases: [string, ConditionGroup | null, boolean][] = [
    ['null group matches everything', null, true],
    ['empty group matches everything', { match: 'all', conditions: [] }, true],
    ['all needs every condition', { match: 'all', conditions: [ca, ny] }, false],
    ['any needs one', { match: 'any', conditions: [ca, ny] }, true],
    [
      'nested groups',
      { match: 'all', conditions: [ca, { match: 'any', conditions: [ny, { field: 'vehicles', op: 'gt', value: 1 }] }] },
      true,
    ],
  ]
  it.each(cases)('%s', (_name, group, expected) => {
    expect(matchesGroup(group, fields)).toBe(expected)
  })

  it('names the first failing condition and the value it saw', () => {
    expect(firstFailure({ match: 'all', conditions: [ca, ny] }, fields)).toBe('state equals "NY" (was "CA")')
    expect(firstFailure({ match: 'all', conditions: [ca] }, fields)).toBeNull()
  })
})

describe('describeCondition', () => {
  const cases: [Condition, string][] = [
    [{ field: 'state', op: 'in', value: ['CA', 'NY'] }, 'state is one of "CA", "NY"'],
    [{ field: 'vehicles', op: 'between', value: [1, 3] }, 'vehicles is between 1 and 3'],
    [{ field: 'email', op: 'is_empty' }, 'email is empty'],
    [{ field: 'zip', op: 'regex', value: '^9' }, 'zip matches pattern /^9/'],
    [{ field: 'vehicles', op: 'gt', value: 2 }, 'vehicles is greater than 2'],
  ]
  it.each(cases)('%j', (c, text) => expect(describeCondition(c)).toBe(text))
})
