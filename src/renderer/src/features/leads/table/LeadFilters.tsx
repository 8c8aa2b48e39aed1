import { Button, Chip, Group, MultiSelect, TextInput } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconFilterOff, IconSearch } from '@tabler/icons-react'
import { memo, type RefObject, useEffect, useState } from 'react'
import type { LeadFilter } from '../../../../../shared/api/leads'
import { LEAD_STATUSES, type LeadStatus } from '../../../../../shared/domain/lead'
import { useApiQuery } from '../../../api/hooks'
import { activeFilterCount } from './table-state'
import { SEARCH_DEBOUNCE_MS } from './timing'

const ids = (values: string[]) => (values.length ? values.map(Number) : undefined)
const strings = (values: number[] | undefined) => (values ?? []).map(String)

/** Start of the day of a picked date, and start of the day after for the end (exclusive). */
function dayBounds(value: [string | null, string | null]): { from?: number; to?: number } {
  const [start, end] = value
  const from = start ? new Date(`${start}T00:00:00`).getTime() : undefined
  const to = end ? new Date(`${end}T00:00:00`).getTime() + 86_400_000 : undefined
  return { from, to }
}

function toDay(ms: number | undefined): string | null {
  if (ms === undefined) return null
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Memoised: it renders again only when the filter changes, not when the page or the rows do. */
export const LeadFilters = memo(function LeadFilters(props: {
  filter: LeadFilter
  onChange: (filter: LeadFilter) => void
  searchRef: RefObject<HTMLInputElement | null>
  /** Filters fixed by the screen (e.g. one customer) are not offered. */
  fixed?: (keyof LeadFilter)[]
}) {
  const { filter, onChange, searchRef, fixed: fixedKeys } = props
  const options = useApiQuery('leads/filterOptions', {}, { staleTime: 60_000 })
  const [search, setSearch] = useState(filter.search ?? '')
  const fixed = new Set(fixedKeys ?? [])

  // Typing waits a moment before asking the main process, so each keystroke does not refetch.
  useEffect(() => {
    const next = search.trim() || undefined
    if (next === (filter.search ?? undefined)) return
    const t = setTimeout(() => onChange({ ...filter, search: next }), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(t)
  }, [search, filter, onChange])

  const set = (patch: Partial<LeadFilter>) => onChange({ ...filter, ...patch })
  const data = options.data
  const leadTypes = (data?.leadTypes ?? []).filter(
    (t) => !filter.categoryId?.length || filter.categoryId.includes(t.categoryId),
  )
  const count = activeFilterCount(filter)

  return (
    <Group mb="sm" align="flex-end" gap="xs">
      <TextInput
        ref={searchRef}
        leftSection={<IconSearch size={16} />}
        placeholder="Search name, email or phone  ( / )"
        aria-label="Search leads"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        w={280}
      />
      <MultiSelect
        data={[...LEAD_STATUSES]}
        placeholder={filter.status?.length ? undefined : 'Any status'}
        aria-label="Status"
        value={filter.status ?? []}
        onChange={(v) => set({ status: v.length ? (v as LeadStatus[]) : undefined })}
        clearable
        w={220}
        maxDropdownHeight={320}
      />
      <Chip checked={filter.sold === true} onChange={(on) => set({ sold: on || undefined })} aria-label="Sold only">
        Sold
      </Chip>
      {!fixed.has('categoryId') && (
        <MultiSelect
          data={(data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          placeholder={filter.categoryId?.length ? undefined : 'Any category'}
          aria-label="Category"
          value={strings(filter.categoryId)}
          onChange={(v) => set({ categoryId: ids(v) })}
          clearable
          searchable
          w={180}
        />
      )}
      <MultiSelect
        data={leadTypes.map((t) => ({ value: String(t.id), label: t.name }))}
        placeholder={filter.leadTypeId?.length ? undefined : 'Any lead type'}
        aria-label="Lead type"
        value={strings(filter.leadTypeId)}
        onChange={(v) => set({ leadTypeId: ids(v) })}
        clearable
        searchable
        w={180}
      />
      <MultiSelect
        data={(data?.sources ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
        placeholder={filter.sourceId?.length ? undefined : 'Any source'}
        aria-label="Source"
        value={strings(filter.sourceId)}
        onChange={(v) => set({ sourceId: ids(v) })}
        clearable
        searchable
        w={170}
      />
      {!fixed.has('customerId') && (
        <MultiSelect
          data={(data?.customers ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          placeholder={filter.customerId?.length ? undefined : 'Any customer'}
          aria-label="Customer"
          value={strings(filter.customerId)}
          onChange={(v) => set({ customerId: ids(v) })}
          clearable
          searchable
          w={180}
        />
      )}
      <DatePickerInput
        type="range"
        aria-label="Created between"
        placeholder="Created any time"
        allowSingleDateInRange
        clearable
        value={[toDay(filter.createdFrom), toDay(filter.createdTo === undefined ? undefined : filter.createdTo - 1)]}
        onChange={(value) => {
          const { from, to } = dayBounds(value)
          set({ createdFrom: from, createdTo: to })
        }}
        w={230}
      />
      {count > 0 && (
        <Button
          variant="subtle"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => {
            setSearch('')
            onChange(Object.fromEntries([...fixed].map((k) => [k, filter[k]])))
          }}
        >
          Clear filters ({count})
        </Button>
      )}
    </Group>
  )
})
