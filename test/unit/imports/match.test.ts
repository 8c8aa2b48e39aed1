import { describe, expect, it } from 'vitest'
import { autoMatch, mapRow, normalizeName } from '../../../src/main/services/imports/match'

const STANDARD = [
  { key: 'first_name', label: 'First name' },
  { key: 'last_name', label: 'Last name' },
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'address', label: 'Address' },
  { key: 'city', label: 'City' },
  { key: 'county', label: 'County' },
  { key: 'state', label: 'State' },
  { key: 'zip', label: 'ZIP' },
]

describe('autoMatch', () => {
  it('matches common spreadsheet headers to the standard fields', () => {
    const headers = ['First Name', 'SURNAME', 'E-mail', 'Phone 1', 'Street Address', 'town', 'Zip Code', 'ST', 'notes']
    expect(autoMatch(headers, STANDARD)).toEqual({
      first_name: 0,
      last_name: 1,
      email: 2,
      phone: 3,
      address: 4,
      city: 5,
      county: null,
      state: 7,
      zip: 6,
    })
  })

  it('ignores case, spaces, underscores and hyphens for keys and labels of custom fields', () => {
    const fields = [
      ...STANDARD,
      { key: 'num_vehicles', label: 'Number of vehicles' },
      { key: 'dob', label: 'Date of birth' },
    ]
    const mapping = autoMatch(['NUM-VEHICLES', ' date_of_birth ', 'email'], fields)
    expect(mapping['num_vehicles']).toBe(0)
    expect(mapping['dob']).toBe(1)
    expect(mapping['email']).toBe(2)
  })

  it('gives each column to one field only, exact names before synonyms', () => {
    const fields = [
      { key: 'phone', label: 'Phone' },
      { key: 'mobile', label: 'Mobile' },
    ]
    // "Mobile" is a synonym of phone, but the mobile field names it exactly.
    expect(autoMatch(['Mobile', 'Telephone'], fields)).toEqual({ phone: 1, mobile: 0 })
    expect(autoMatch(['Email', 'email'], [{ key: 'email', label: 'Email' }])).toEqual({ email: 0 })
  })

  it('leaves fields unmatched when no header fits', () => {
    expect(autoMatch(['foo', 'bar'], STANDARD)).toEqual(Object.fromEntries(STANDARD.map((f) => [f.key, null])))
    expect(autoMatch([], STANDARD)['email']).toBeNull()
  })
})

describe('mapRow and normalizeName', () => {
  it('reads mapped cells and leaves blank or unmapped fields out', () => {
    expect(mapRow(['Ann', ' ', 'a@b.co'], { first_name: 0, last_name: 1, email: 2, zip: null })).toEqual({
      first_name: 'Ann',
      email: 'a@b.co',
    })
  })

  it('folds accents and punctuation', () => {
    expect(normalizeName(' Código_Postal ')).toBe('codigopostal')
    expect(normalizeName('E-Mail Address')).toBe('emailaddress')
  })
})
