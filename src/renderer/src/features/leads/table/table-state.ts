import { useLocalStorage } from '@mantine/hooks'
import { useCallback } from 'react'
import type { LeadFilter } from '../../../../../shared/api/leads'
import { LEAD_SORT_COLUMNS } from '../../../../../shared/api/leads'

export type SortColumn = (typeof LEAD_SORT_COLUMNS)[number]
export const isSortColumn = (c: string): c is SortColumn => (LEAD_SORT_COLUMNS as readonly string[]).includes(c)

export interface LeadsTableState {
  filter: LeadFilter
  sort: { column: SortColumn; direction: 'asc' | 'desc' }
  hiddenColumns: string[]
  pageSize: number
}

export const DEFAULT_TABLE_STATE: LeadsTableState = {
  filter: {},
  sort: { column: 'createdAt', direction: 'desc' },
  hiddenColumns: ['phone', 'state', 'sourceName', 'updatedAt', 'clientIp'],
  pageSize: 50,
}

/** What the operator set up survives a restart: filters, sort, visible columns and page size. */
export function usePersistedTableState(key: string) {
  const [state, setState] = useLocalStorage<LeadsTableState>({
    key: `leadline.${key}`,
    defaultValue: DEFAULT_TABLE_STATE,
    getInitialValueInEffect: false,
    deserialize: (text) => {
      try {
        const parsed: unknown = text ? JSON.parse(text) : null
        return typeof parsed === 'object' && parsed !== null
          ? { ...DEFAULT_TABLE_STATE, ...(parsed as Partial<LeadsTableState>) }
          : DEFAULT_TABLE_STATE
      } catch {
        return DEFAULT_TABLE_STATE
      }
    },
  })
  // Stable, so the parts of the table that only change the state do not render again with it. A
  // function patch reads the latest state.
  const update = useCallback(
    (patch: Partial<LeadsTableState> | ((current: LeadsTableState) => Partial<LeadsTableState>)) =>
      setState((s) => ({ ...s, ...(typeof patch === 'function' ? patch(s) : patch) })),
    [setState],
  )
  return [state, update] as const
}

/** Counts the filters in use, search excluded (it has its own box). */
export function activeFilterCount(filter: LeadFilter): number {
  return [
    filter.status?.length,
    filter.sold,
    filter.categoryId?.length,
    filter.leadTypeId?.length,
    filter.sourceId?.length,
    filter.customerId?.length,
    filter.createdFrom !== undefined || filter.createdTo !== undefined,
    filter.clientIp,
    filter.unsoldReason,
  ].filter(Boolean).length
}
