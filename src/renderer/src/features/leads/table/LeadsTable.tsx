import { Paper } from '@mantine/core'
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LeadFilter } from '../../../../../shared/api/leads'
import { DeleteLeadsDialog } from '../bulk/DeleteLeadsDialog'
import { ProcessDialog } from '../bulk/ProcessDialog'
import { LeadFilters } from './LeadFilters'
import { LeadsEmptyState } from './LeadsEmptyState'
import { LeadsGrid } from './LeadsGrid'
import { LeadsToolbar } from './LeadsToolbar'
import { useLeadSelection } from './selection'
import { type SortColumn, usePersistedTableState } from './table-state'
import { useLeadsPage, usePageRequest } from './useLeadsPage'
import { scrollTopIntoView } from './scroll-into-view'
import { useActiveRow } from './useActiveRow'
import { useTableKeyboard } from './useTableKeyboard'

export const LeadsTable = memo(function LeadsTable(props: {
  storageKey: string
  /** Filters the screen imposes (e.g. one customer's leads); merged over the operator's. */
  fixedFilter?: LeadFilter
  onOpen: (id: number) => void
  /** The ids shown on the current page, in order, so the detail can step through them. */
  onPageIds?: (ids: number[]) => void
  /** True while something covers the table (the detail drawer): keys then belong to it. */
  covered: boolean
  /** A filter another screen opened the table on (from the address); it replaces the operator's. */
  incomingFilter?: LeadFilter | null
  onIncomingApplied?: () => void
}) {
  const { onOpen, onPageIds, fixedFilter, onIncomingApplied } = props
  const [state, update] = usePersistedTableState(props.storageKey)
  const [page, setPage] = useState(1)
  const incomingKey = props.incomingFilter ? JSON.stringify(props.incomingFilter) : null
  useEffect(() => {
    if (!incomingKey) return
    update({ filter: JSON.parse(incomingKey) as LeadFilter })
    setPage(1)
    onIncomingApplied?.()
  }, [incomingKey, update, onIncomingApplied])
  const [dialog, setDialog] = useState<'process' | 'delete' | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const tableRef = useRef<HTMLDivElement>(null)

  // The same filter object while neither part changes: it keys the query and the selection.
  const fixedKey = JSON.stringify(fixedFilter ?? {})
  const filter = useMemo<LeadFilter>(
    () => ({ ...state.filter, ...(JSON.parse(fixedKey) as LeadFilter) }),
    [state.filter, fixedKey],
  )
  const leads = useLeadsPage(usePageRequest(page, state, filter))
  const { rows, shown } = leads

  const selection = useLeadSelection(filter, leads.total ?? 0)
  const { clear, isSelected, setPageSelection } = selection
  useEffect(() => clear(), [filter, clear])
  const selected = useMemo(() => rows.filter((r) => isSelected(r.id)), [rows, isSelected])

  useEffect(() => onPageIds?.(rows.map((r) => r.id)), [rows, onPageIds])
  const open = useCallback((index: number) => rows[index] && onOpen(rows[index].id), [rows, onOpen])
  const toggle = useCallback(
    (index: number) => {
      const row = rows[index]
      if (row) setPageSelection([row.id], new Set(isSelected(row.id) ? [] : [row.id]))
    },
    [rows, isSelected, setPageSelection],
  )
  const keyboard = useTableKeyboard({
    rowCount: rows.length,
    onOpen: open,
    onToggle: toggle,
    searchRef,
    enabled: !props.covered,
  })
  const { setActive } = keyboard
  const bodyRef = useRef<HTMLTableSectionElement>(null)
  useActiveRow(bodyRef, keyboard.active, rows.length)

  const onFilter = useCallback(
    (next: LeadFilter | ((current: LeadFilter) => LeadFilter)) => {
      update((s) => ({ filter: typeof next === 'function' ? next(s.filter) : next }))
      setPage(1)
    },
    [update],
  )
  const onSort = useCallback(
    (sort: { column: SortColumn; direction: 'asc' | 'desc' }) => {
      update({ sort })
      setPage(1)
    },
    [update],
  )
  const onPageSize = useCallback(
    (pageSize: number) => {
      update({ pageSize })
      setPage(1)
    },
    [update],
  )
  const onPageChange = useCallback((next: number) => {
    scrollTopIntoView(tableRef.current)
    setPage(next)
  }, [])
  const onHiddenColumns = useCallback((hiddenColumns: string[]) => update({ hiddenColumns }), [update])
  const onRowClick = useCallback(
    (index: number, id: number, onCheckbox: boolean) => {
      setActive(index)
      if (!onCheckbox) onOpen(id)
    },
    [setActive, onOpen],
  )
  const fixedKeys = useMemo(() => Object.keys(JSON.parse(fixedKey) as LeadFilter) as (keyof LeadFilter)[], [fixedKey])
  // Shown only without rows; nothing while the first page loads. Kept the same element while a
  // page turn loads, so the table does not render again for it.
  const loadingFirst = leads.waiting && rows.length === 0
  const filtered = Object.values(state.filter).some((v) => v !== undefined)
  const emptyState = useMemo(
    () => (loadingFirst ? undefined : <LeadsEmptyState error={leads.error} filtered={filtered} />),
    [loadingFirst, leads.error, filtered],
  )
  const onDialogClose = useCallback(
    (done: boolean) => {
      setDialog(null)
      if (done) clear()
    },
    [clear],
  )

  return (
    <>
      <LeadFilters filter={state.filter} onChange={onFilter} searchRef={searchRef} fixed={fixedKeys} />
      <LeadsToolbar
        total={leads.total}
        selectedCount={selection.count}
        allMatching={selection.allMatching}
        pageFullySelected={rows.length > 0 && selected.length === rows.length}
        // A customer's list exports from its page header, where the audience is chosen.
        exportFilter={fixedFilter ? null : filter}
        hiddenColumns={state.hiddenColumns}
        onSelectAllMatching={selection.selectAllMatching}
        onClearSelection={clear}
        onDialog={setDialog}
        onHiddenColumns={onHiddenColumns}
      />
      <Paper
        withBorder
        radius="md"
        ref={tableRef}
        className="leads-grid"
        // Rows on screen may still be the previous page's while the next loads: say so to assistive tech.
        aria-busy={leads.waiting}
        style={{ scrollMarginTop: 'calc(var(--app-shell-header-offset, 0px) + var(--mantine-spacing-md))' }}
      >
        <LeadsGrid
          rows={rows}
          total={leads.total ?? 0}
          page={shown.page}
          pageSize={shown.pageSize}
          sort={shown.sort}
          hiddenColumns={state.hiddenColumns}
          fetching={leads.slow}
          selected={selected}
          bodyRef={bodyRef}
          emptyState={emptyState}
          onPageChange={onPageChange}
          onPageSizeChange={onPageSize}
          onSort={onSort}
          onSelectedChange={setPageSelection}
          onRowClick={onRowClick}
        />
      </Paper>
      {dialog === 'process' && selection.selection && (
        <ProcessDialog selection={selection.selection} count={selection.count} onClose={onDialogClose} />
      )}
      {dialog === 'delete' && selection.selection && (
        <DeleteLeadsDialog selection={selection.selection} count={selection.count} onClose={onDialogClose} />
      )}
    </>
  )
})
