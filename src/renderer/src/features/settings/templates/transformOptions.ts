import {
  BOOLEAN_WORDS,
  DATE_FORMATS,
  PHONE_FORMAT_LABELS,
  PHONE_FORMATS,
  type Transform,
  TRANSFORM_LABELS,
} from '../../../../../shared/domain/template'

/** One Select value per transform and option (`date:MM/DD/YYYY`); a value map's values are edited apart. */
export function transformValue(t: Transform | null): string {
  if (!t) return ''
  switch (t.kind) {
    case 'boolean':
      return `boolean:${t.words}`
    case 'date':
      return `date:${t.format}`
    case 'phone':
      return `phone:${t.format}`
    case 'state':
      return `state:${t.to}`
    case 'case':
      return `case:${t.to}`
    case 'map':
      return 'map'
  }
}

export function transformFrom(value: string | null, previous: Transform | null): Transform | null {
  if (!value) return null
  const [kind, option = ''] = value.split(/:(.*)/s)
  switch (kind) {
    case 'boolean':
      return { kind, words: option as (typeof BOOLEAN_WORDS)[number] }
    case 'date':
      return { kind, format: option as (typeof DATE_FORMATS)[number] }
    case 'phone':
      return { kind, format: option as (typeof PHONE_FORMATS)[number] }
    case 'state':
      return { kind, to: option === 'name' ? 'name' : 'code' }
    case 'case':
      return { kind, to: option === 'lower' ? 'lower' : 'upper' }
    case 'map':
      return { kind: 'map', values: previous?.kind === 'map' ? previous.values : {} }
    default:
      return null
  }
}

export const TRANSFORM_OPTIONS = [
  {
    group: TRANSFORM_LABELS.boolean,
    items: BOOLEAN_WORDS.map((w) => ({ value: `boolean:${w}`, label: w })),
  },
  { group: TRANSFORM_LABELS.date, items: DATE_FORMATS.map((f) => ({ value: `date:${f}`, label: f })) },
  {
    group: TRANSFORM_LABELS.phone,
    items: PHONE_FORMATS.map((f) => ({ value: `phone:${f}`, label: PHONE_FORMAT_LABELS[f] })),
  },
  {
    group: 'State',
    items: [
      { value: 'state:code', label: 'Code (CA)' },
      { value: 'state:name', label: 'Name (California)' },
    ],
  },
  {
    group: 'Case',
    items: [
      { value: 'case:upper', label: 'UPPER CASE' },
      { value: 'case:lower', label: 'lower case' },
    ],
  },
  { group: 'Other', items: [{ value: 'map', label: 'Value map…' }] },
]
