import { MultiSelect, type MultiSelectProps } from '@mantine/core'
import { DatePickerInput, type DatePickerInputProps } from '@mantine/dates'
import { memo } from 'react'

/** Arrays of values or flat `{ value, label }` options are equal when their items are. */
function sameItem(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const ka = Object.keys(a)
  return (
    ka.length === Object.keys(b).length &&
    ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  )
}

/**
 * Equal props for a filter input: the same values and options, whatever the identity of the arrays
 * and handlers. Handlers must therefore not close over the filter (they patch the latest one).
 */
function sameProps(prev: object, next: object): boolean {
  const p = prev as Record<string, unknown>
  const n = next as Record<string, unknown>
  const keys = Object.keys(n)
  if (keys.length !== Object.keys(p).length) return false
  return keys.every((k) => {
    const a = p[k]
    const b = n[k]
    if (typeof a === 'function' && typeof b === 'function') return true
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameItem(x, b[i]))
    return Object.is(a, b)
  })
}

/**
 * The filter row's inputs, rendered again only when their own value or options change: typing a
 * search or turning a page then leaves the five selects and their hundreds of options alone.
 */
export const FilterSelect = memo(function FilterSelect(props: MultiSelectProps) {
  return <MultiSelect {...props} />
}, sameProps)

export const FilterDates = memo(function FilterDates(props: DatePickerInputProps<'range'>) {
  return <DatePickerInput {...props} />
}, sameProps)
