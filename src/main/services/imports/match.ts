/**
 * Auto-matching of CSV columns to category fields by name. Headers and field names are compared
 * after normalising (case, spaces, `_`, `-` and other punctuation removed), first against the
 * field's key and label, then against common names for the standard contact fields.
 */

export interface MatchableField {
  key: string
  label: string
}

/** Field key → index of the column it reads from, or null when nothing matched. */
export type ColumnMapping = Record<string, number | null>

const SYNONYMS: Record<string, readonly string[]> = {
  first_name: ['firstname', 'first', 'fname', 'givenname', 'forename', 'name1'],
  last_name: ['lastname', 'last', 'lname', 'surname', 'familyname', 'name2'],
  email: ['email', 'emailaddress', 'mail', 'email1', 'primaryemail'],
  phone: [
    'phone',
    'phone1',
    'phonenumber',
    'phoneno',
    'telephone',
    'tel',
    'mobile',
    'mobilephone',
    'cell',
    'cellphone',
    'primaryphone',
    'homephone',
  ],
  address: ['address', 'address1', 'addressline1', 'street', 'streetaddress', 'addr'],
  city: ['city', 'town'],
  county: ['county'],
  state: ['state', 'st', 'province', 'stateprovince', 'region'],
  zip: ['zip', 'zipcode', 'zip5', 'postalcode', 'postcode', 'postal'],
}

export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/**
 * Each field gets at most one column and each column feeds at most one field. Exact key/label
 * matches are taken first for every field, synonyms after, so "Email" goes to an `email` field
 * even when another field lists it as a synonym.
 */
export function autoMatch(headers: readonly string[], fields: readonly MatchableField[]): ColumnMapping {
  const normalized = headers.map(normalizeName)
  const used = new Set<number>()
  const mapping: ColumnMapping = Object.fromEntries(fields.map((f) => [f.key, null]))
  const take = (field: MatchableField, names: readonly string[]): void => {
    if (mapping[field.key] !== null) return
    for (const name of names) {
      const index = normalized.findIndex((h, i) => h === name && !used.has(i))
      if (index >= 0 && name !== '') {
        mapping[field.key] = index
        used.add(index)
        return
      }
    }
  }
  for (const field of fields) take(field, [normalizeName(field.key), normalizeName(field.label)])
  for (const field of fields) take(field, SYNONYMS[field.key] ?? [])
  return mapping
}

/** The values of one record keyed by field, from a mapping; unmapped fields are absent. */
export function mapRow(cells: readonly string[], mapping: ColumnMapping): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in mapping) {
    const index = mapping[key]
    if (index === null || index === undefined) continue
    const value = cells[index]
    if (value !== undefined && value.trim() !== '') out[key] = value
  }
  return out
}
