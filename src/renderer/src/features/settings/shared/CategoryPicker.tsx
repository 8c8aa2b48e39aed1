import { Select } from '@mantine/core'
import { useEffect } from 'react'
import { useApiQuery } from '../../../api/hooks'

/** Picks one category; selects the first one by itself so a section is never empty without reason. */
export function CategoryPicker(props: { value: number | null; onChange: (id: number | null) => void; label?: string }) {
  const query = useApiQuery('categories/list', { includeArchived: false })
  const first = query.data?.[0]?.id ?? null
  const { value, onChange } = props
  useEffect(() => {
    if (value === null && first !== null) onChange(first)
  }, [value, first, onChange])
  return (
    <Select
      label={props.label ?? 'Category'}
      placeholder={query.isLoading ? 'Loading…' : 'No categories yet'}
      data={(query.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v === null ? null : Number(v))}
      allowDeselect={false}
      w={280}
    />
  )
}
