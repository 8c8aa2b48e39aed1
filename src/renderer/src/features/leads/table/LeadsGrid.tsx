import {
  DataTable,
  type DataTablePaginationRenderContext,
  type DataTableRowClickHandler,
  type DataTableSortStatus,
} from 'mantine-datatable'
import { memo, type ReactNode, type RefObject, useCallback, useMemo } from 'react'
import type { LeadRow } from '../../../../../shared/domain/lead'
import { useLeadColumns } from './columns'
import { isSortColumn, type LeadsTableState } from './table-state'

const PAGE_SIZES = [25, 50, 100, 200]
const checkboxProps = { 'aria-label': 'Select lead' }
const allCheckboxProps = { 'aria-label': 'Select all leads on this page' }
const defaultColumnProps = { noWrap: true }
const controlLabels: Record<string, string> = {
  first: 'First page',
  previous: 'Previous page',
  next: 'Next page',
  last: 'Last page',
}
const controlProps = (control: string) => ({ 'aria-label': controlLabels[control] })
// The library's own pagination is made of components it defines anew on every render, so each render
// remounted it (losing the focus of the Next button). Called as functions they keep their place.
const renderPagination = ({ Controls }: DataTablePaginationRenderContext) => (
  <>
    {Controls.Text({})}
    {Controls.PageSizeSelector({})}
    {Controls.Pagination({})}
  </>
)
const rowAttributes = (r: LeadRow) => ({ 'data-testid': `lead-row-${r.id}` })

/**
 * The table itself, memoised: it renders again only when what it shows changes (rows, page, sort,
 * columns, selection), never for the filters, the toolbar, the detail drawer or the highlighted row
 * (marked on its element by useActiveRow).
 * Every prop handed to DataTable is stable between renders so that it does not measure and lay out
 * its columns again.
 */
export const LeadsGrid = memo(function LeadsGrid(props: {
  rows: LeadRow[]
  total: number
  page: number
  pageSize: number
  sort: LeadsTableState['sort']
  hiddenColumns: string[]
  /** The rows shown are an earlier page's, kept while the next one loads. */
  fetching: boolean
  selected: LeadRow[]
  bodyRef: RefObject<HTMLTableSectionElement | null>
  emptyState: ReactNode
  onPageChange: (page: number) => void
  onPageSizeChange: (size: number) => void
  onSort: (sort: LeadsTableState['sort']) => void
  onSelectedChange: (pageIds: number[], selected: Set<number>) => void
  onRowClick: (index: number, id: number, onCheckbox: boolean) => void
}) {
  const { rows, onSort, onSelectedChange, onRowClick } = props
  const columns = useLeadColumns(props.hiddenColumns)
  // Rows are keyed by their place on the page, not by lead: the next page then updates the rows
  // already on screen instead of unmounting fifty and mounting fifty new ones. Selection still
  // works, since the table only ever compares records of the page it shows.
  const rowKey = useMemo(() => {
    const slots = new Map(rows.map((r, i) => [r, i]))
    return (r: LeadRow) => slots.get(r) ?? -r.id
  }, [rows])
  const sortStatus = useMemo<DataTableSortStatus<LeadRow>>(
    () => ({ columnAccessor: props.sort.column, direction: props.sort.direction }),
    [props.sort.column, props.sort.direction],
  )
  const onSortStatusChange = useCallback(
    (s: DataTableSortStatus<LeadRow>) => {
      const column = String(s.columnAccessor)
      if (isSortColumn(column)) onSort({ column, direction: s.direction })
    },
    [onSort],
  )
  const onSelectedRecordsChange = useCallback(
    (selected: LeadRow[]) =>
      onSelectedChange(
        rows.map((r) => r.id),
        new Set(selected.map((r) => r.id)),
      ),
    [rows, onSelectedChange],
  )
  const onClick = useCallback<DataTableRowClickHandler<LeadRow>>(
    ({ record, index, event }) =>
      onRowClick(index, record.id, !!(event.target as HTMLElement).closest('input[type="checkbox"]')),
    [onRowClick],
  )
  return (
    <DataTable<LeadRow>
      minHeight={rows.length ? undefined : 320}
      highlightOnHover
      defaultColumnProps={defaultColumnProps}
      records={rows}
      idAccessor={rowKey}
      fetching={props.fetching}
      totalRecords={props.total}
      page={props.page}
      onPageChange={props.onPageChange}
      recordsPerPage={props.pageSize}
      recordsPerPageOptions={PAGE_SIZES}
      onRecordsPerPageChange={props.onPageSizeChange}
      paginationWithEdges
      getPaginationControlProps={controlProps}
      renderPagination={renderPagination}
      sortStatus={sortStatus}
      onSortStatusChange={onSortStatusChange}
      selectedRecords={props.selected}
      onSelectedRecordsChange={onSelectedRecordsChange}
      selectionCheckboxProps={checkboxProps}
      allRecordsSelectionCheckboxProps={allCheckboxProps}
      onRowClick={onClick}
      customRowAttributes={rowAttributes}
      // The library types its ref as never null; React sets it to null on unmount all the same.
      bodyRef={props.bodyRef as RefObject<HTMLTableSectionElement>}
      emptyState={props.emptyState}
      columns={columns}
    />
  )
})
