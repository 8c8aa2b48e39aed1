import { Button, Chip, Group } from '@mantine/core'
import { IconFilterOff, IconX } from '@tabler/icons-react'
import { memo, type RefObject, useCallback, useMemo } from 'react'
import type { LeadFilter } from '../../../../../shared/api/leads'
import { LEAD_STATUSES, type LeadStatus } from '../../../../../shared/domain/lead'
import { UNSOLD_REASON_LABELS } from '../../../../../shared/domain/reports'
import { useApiQuery } from '../../../api/hooks'
import { ClientIpFilter } from './ClientIpFilter'
import { FilterDates, FilterSelect } from './filter-inputs'
import { SearchBox } from './SearchBox'
import { activeFilterCount } from './table-state'

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
  /** A new filter, or a change to the latest one (so the inputs' handlers never hold an old filter). */
  onChange: (filter: LeadFilter | ((current: LeadFilter) => LeadFilter)) => void
  searchRef: RefObject<HTMLInputElement | null>
  /** Filters fixed by the screen (e.g. one customer) are not offered. */
  fixed?: (keyof LeadFilter)[]
}) {
  const { filter, onChange, searchRef, fixed: fixedKeys } = props
  const options = useApiQuery('leads/filterOptions', {}, { staleTime: 60_000 })
  const fixed = new Set(fixedKeys ?? [])

  const set = useCallback((patch: Partial<LeadFilter>) => onChange((current) => ({ ...current, ...patch })), [onChange])
  const onSearch = useCallback((search: string | undefined) => set({ search }), [set])
  const data = options.data
  const choices = useMemo(
    () => ({
      categories: (data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name })),
      sources: (data?.sources ?? []).map((s) => ({ value: String(s.id), label: s.name })),
      customers: (data?.customers ?? []).map((c) => ({ value: String(c.id), label: c.name })),
    }),
    [data],
  )
  const leadTypes = (data?.leadTypes ?? []).filter(
    (t) => !filter.categoryId?.length || filter.categoryId.includes(t.categoryId),
  )
  const count = activeFilterCount(filter)
  const unknownOnly = filter.status?.length === 1 && filter.status[0] === 'Outcome Unknown'

  return (
    <Group mb="sm" align="flex-end" gap="xs">
      <SearchBox value={filter.search} onSearch={onSearch} inputRef={searchRef} />
      <FilterSelect
        data={LEAD_STATUSES}
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
      {/* The queue of posts an operator must decide: the partner may have bought these leads. */}
      <Chip
        color="lime"
        checked={unknownOnly}
        onChange={(on) => set({ status: on ? ['Outcome Unknown'] : undefined })}
        aria-label="Post outcome unknown only"
      >
        Post outcome unknown
      </Chip>
      {!fixed.has('categoryId') && (
        <FilterSelect
          data={choices.categories}
          placeholder={filter.categoryId?.length ? undefined : 'Any category'}
          aria-label="Category"
          value={strings(filter.categoryId)}
          onChange={(v) => set({ categoryId: ids(v) })}
          clearable
          searchable
          w={180}
        />
      )}
      <FilterSelect
        data={leadTypes.map((t) => ({ value: String(t.id), label: t.name }))}
        placeholder={filter.leadTypeId?.length ? undefined : 'Any lead type'}
        aria-label="Lead type"
        value={strings(filter.leadTypeId)}
        onChange={(v) => set({ leadTypeId: ids(v) })}
        clearable
        searchable
        w={180}
      />
      <FilterSelect
        data={choices.sources}
        placeholder={filter.sourceId?.length ? undefined : 'Any source'}
        aria-label="Source"
        value={strings(filter.sourceId)}
        onChange={(v) => set({ sourceId: ids(v) })}
        clearable
        searchable
        w={170}
      />
      {!fixed.has('customerId') && (
        <FilterSelect
          data={choices.customers}
          placeholder={filter.customerId?.length ? undefined : 'Any customer'}
          aria-label="Customer"
          value={strings(filter.customerId)}
          onChange={(v) => set({ customerId: ids(v) })}
          clearable
          searchable
          w={180}
        />
      )}
      <FilterDates
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
      <ClientIpFilter value={filter.clientIp} onChange={(clientIp) => set({ clientIp })} />
      {filter.unsoldReason && (
        <Button
          variant="light"
          color="orange"
          rightSection={<IconX size={14} />}
          onClick={() => set({ unsoldReason: undefined })}
          aria-label="Remove the unsold reason filter"
          data-testid="unsold-reason-filter"
        >
          Unsold: {UNSOLD_REASON_LABELS[filter.unsoldReason]}
        </Button>
      )}
      {count > 0 && (
        <Button
          variant="subtle"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => onChange(Object.fromEntries([...fixed].map((k) => [k, filter[k]])))}
        >
          Clear filters ({count})
        </Button>
      )}
    </Group>
  )
})
