import { type CountryCode, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js'

/**
 * Phone numbers as operators meet them in contact lists: national US numbers in any punctuation,
 * `+` or an international dialling prefix (`00`, `011`, so `001-…` is a North American number
 * dialled from abroad) before a country code, and an extension (`x123`, `ext. 123`, `#123`).
 * The number is stored in E.164; the extension is kept apart because it does not identify the
 * person (duplicates compare the number alone) but the buyer still needs it to call.
 */

export type PhoneRead = { ok: true; number: string; ext: string | null } | { ok: false; error: string }

/** Country calling codes a phone field accepts when its definition names none: North America. */
export const DEFAULT_PHONE_COUNTRIES: readonly string[] = ['1']

/** Longer than any real number with its extension and punctuation: not worth parsing. */
const MAX_PHONE_TEXT = 64

/**
 * `00` and `011` are the prefixes that start an international call (most of the world, and North
 * America); a national US number never starts with 0, so reading them as `+` takes nothing valid.
 */
const INTERNATIONAL_PREFIX = /^(?:00|011)(?=[\s\-.()]*[1-9])/

/**
 * "Possible" rather than "valid" beyond the checks below: new area codes must not be refused.
 * `countries` are the calling codes accepted (null = any).
 */
export function readPhone(raw: string, countries: readonly string[] | null = DEFAULT_PHONE_COUNTRIES): PhoneRead {
  const text = raw.trim()
  if (text.length > MAX_PHONE_TEXT) return { ok: false, error: `Too long to be a phone number` }
  if (!/\d/.test(text)) return { ok: false, error: 'Not a phone number: it has no digits' }
  const dialled = text.replace(INTERNATIONAL_PREFIX, '+')
  const parsed = parsePhoneNumberFromString(dialled, 'US')
  if (!parsed) return { ok: false, error: lengthProblem(dialled) }
  const code = parsed.countryCallingCode
  if (countries !== null && !countries.includes(code)) return { ok: false, error: `Country code ${code} not allowed` }
  const ext = parsed.ext ? String(parsed.ext) : null
  if (code === '1') {
    const national = parsed.nationalNumber
    if (national.length < 10) return { ok: false, error: `Too short for US: ${national.length} digits, 10 needed` }
    if (national.length > 10) return { ok: false, error: `Too long for US: ${national.length} digits, 10 needed` }
    // North American area codes start with 2–9 and N11 codes are service numbers (411, 911).
    const area = national.slice(0, 3)
    if (/^[01]/.test(area) || area.endsWith('11')) return { ok: false, error: `Not a valid area code: ${area}` }
    return { ok: true, number: parsed.number, ext }
  }
  if (!parsed.isPossible()) return { ok: false, error: lengthProblem(parsed.number, parsed.country ?? `+${code}`) }
  return { ok: true, number: parsed.number, ext }
}

function lengthProblem(text: string, where: CountryCode | string = 'its country'): string {
  switch (validatePhoneNumberLength(text, 'US')) {
    case 'TOO_SHORT':
      return `Too short for ${where}`
    case 'TOO_LONG':
      return `Too long for ${where}`
    case 'INVALID_COUNTRY':
      return 'Not a known country code'
    case 'NOT_A_NUMBER':
      return 'Not a phone number'
    default:
      return `Not a possible number for ${where}`
  }
}
