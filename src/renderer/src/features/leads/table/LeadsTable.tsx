import { Anchor, Button, Group, Paper, Text, Tooltip } from '@mantine/core'
import { IconInbox, IconPlayerPlay, IconTrash } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LeadFilter } from '../../../../../shared/api/leads'
import type { LeadRow } from '../../../../../shared/domain/lead'
import { useApiQuery } from '../../../api/hooks'
import { EmptyState } from '../../../components/EmptyState'
import { useSession } from '../../auth/session'
import { DeleteLeadsDialog } from '../bulk/DeleteLeadsDialog'
import { ProcessDialog } from '../bulk/ProcessDialog'
import { ColumnChooser, LEAD_COLUMNS } from './columns'
import { LeadFilters } from './LeadFilters'
import { useLeadSelection } from './selection'
import { isSortColumn, usePersistedTableState } from './table-state'
import { useTableKeyboard } from './useTableKeyboard'
import { ExportButton } from '../../exports'

export function LeadsTable(props: {
  storageKey: string
  /** Filters the screen imposes (e.g. one customer's leads); merged over the operator's. */
  fixedFilter?: LeadFilter
  onOpen: (id: number) => void
  /** The ids shown on the current page, in order, so the detail can step through them. */
  onPageIds?: (ids: number[]) => void
  /** True while something covers the table (the detail drawer): keys then belong to it. */
  covered: boolean
}) {
  const session = useSession()
  const [state, update] = usePersistedTableState(props.storageKey)
  const [page, setPage] = useState(1)
  const [dialog, setDialog] = useState<'process' | 'delete' | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const filter: LeadFilter = { ...state.filter, ...props.fixedFilter }

  const query = useApiQuery(
    'leads/list',
    { page, pageSize: state.pageSize, sort: state.sort, filter },
    { placeholderData: (previous) => previous },
  )
  const rows = useMemo(() => query.data?.rows ?? [], [query.data])
  const total = query.data?.total ?? 0
  const selection = useLeadSelection(filter, total)
  const filterKey = JSON.stringify(filter)
  const { clear } = selection
  useEffect(() => clear(), [filterKey, clear])

  const { onPageIds } = props
  useEffect(() => onPageIds?.(rows.map((r) => r.id)), [rows, onPageIds])
  const open = useCallback((index: number) => rows[index] && props.onOpen(rows[index].id), [rows, props])
  const { isSelected, setPageSelection } = selection
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

  const onFilter = useCallback(
    (next: LeadFilter) => {
      update({ filter: next })
      setPage(1)
    },
    [update],
  )

  const canProcess = session.can('leads.reprocess')
  const canDelete = session.can('leads.delete')
  const pageSelected = rows.filter((r) => selection.isSelected(r.id))

  return (
    <>
      <LeadFilters
        filter={state.filter}
        onChange={onFilter}
        searchRef={searchRef}
        fixed={Object.keys(props.fixedFilter ?? {}) as (keyof LeadFilter)[]}
      />
      <Group justify="space-between" mb="xs" mih={36}>
        <Group gap="xs">
          <Text size="sm" c="dimmed" data-testid="leads-total">
            {total.toLocaleString()} lead{total === 1 ? '' : 's'}
          </Text>
          {selection.count > 0 && (
            <>
              <Text size="sm" fw={600} data-testid="selection-count">
                · {selection.count.toLocaleString()} selected
              </Text>
              {!selection.allMatching && selection.count < total && pageSelected.length === rows.length && (
                <Anchor component="button" size="sm" onClick={selection.selectAllMatching}>
                  Select all {total.toLocaleString()} matching
                </Anchor>
              )}
              <Anchor component="button" size="sm" c="dimmed" onClick={selection.clear}>
                Clear selection
              </Anchor>
            </>
          )}
        </Group>
        <Group gap="xs">
          {/* A customer's list exports from its page header, where the audience is chosen. */}
          {!props.fixedFilter && <ExportButton filter={filter} />}
          <Tooltip
            label={
              canProcess ? 'Send the selected leads through distribution again' : 'Your role cannot reprocess leads'
            }
          >
            {/* data-disabled rather than disabled, so the tooltip still explains why. */}
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              variant="light"
              data-disabled={!canProcess || selection.count === 0 || undefined}
              aria-disabled={!canProcess || selection.count === 0}
              onClick={() => canProcess && selection.count > 0 && setDialog('process')}
            >
              Process
            </Button>
          </Tooltip>
          <Tooltip label={canDelete ? 'Delete the selected leads' : 'Your role cannot delete leads'}>
            <Button
              leftSection={<IconTrash size={16} />}
              variant="light"
              color="red"
              data-disabled={!canDelete || selection.count === 0 || undefined}
              aria-disabled={!canDelete || selection.count === 0}
              onClick={() => canDelete && selection.count > 0 && setDialog('delete')}
            >
              Delete
            </Button>
          </Tooltip>
          <ColumnChooser hidden={state.hiddenColumns} onChange={(hiddenColumns) => update({ hiddenColumns })} />
        </Group>
      </Group>
      <Paper withBorder radius="md">
        <DataTable<LeadRow>
          minHeight={rows.length ? undefined : 320}
          highlightOnHover
          defaultColumnProps={{ noWrap: true }}
          records={rows}
          fetching={query.isPending || query.isPlaceholderData}
          totalRecords={total}
          page={page}
          onPageChange={setPage}
          recordsPerPage={state.pageSize}
          recordsPerPageOptions={[25, 50, 100, 200]}
          onRecordsPerPageChange={(n) => {
            update({ pageSize: n })
            setPage(1)
          }}
          sortStatus={{ columnAccessor: state.sort.column, direction: state.sort.direction }}
          onSortStatusChange={(s) => {
            const column = String(s.columnAccessor)
            if (isSortColumn(column)) update({ sort: { column, direction: s.direction } })
            setPage(1)
          }}
          selectedRecords={pageSelected}
          onSelectedRecordsChange={(selected) =>
            selection.setPageSelection(
              rows.map((r) => r.id),
              new Set(selected.map((r) => r.id)),
            )
          }
          selectionCheckboxProps={{ 'aria-label': 'Select lead' }}
          allRecordsSelectionCheckboxProps={{ 'aria-label': 'Select all leads on this page' }}
          onRowClick={({ record, index, event }) => {
            keyboard.setActive(index)
            if ((event.target as HTMLElement).closest('input[type="checkbox"]')) return
            props.onOpen(record.id)
          }}
          rowStyle={(_, index) =>
            index === keyboard.active
              ? { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: -2 }
              : undefined
          }
          customRowAttributes={(r, index) => ({
            'data-testid': `lead-row-${r.id}`,
            'data-active': index === keyboard.active || undefined,
          })}
          emptyState={
            query.isPending || query.isPlaceholderData ? undefined : (
              <EmptyState
                icon={<IconInbox size={28} />}
                title={query.error ? 'Leads could not be loaded' : 'No leads here'}
              >
                {query.error
                  ? query.error.message
                  : Object.keys(state.filter).length
                    ? 'No lead matches these filters.'
                    : 'Leads appear as soon as a source sends them.'}
              </EmptyState>
            )
          }
          columns={LEAD_COLUMNS.map((c) => ({ ...c, hidden: state.hiddenColumns.includes(c.accessor) }))}
        />
      </Paper>
      {dialog === 'process' && selection.selection && (
        <ProcessDialog
          selection={selection.selection}
          count={selection.count}
          onClose={(done) => {
            setDialog(null)
            if (done) selection.clear()
          }}
        />
      )}
      {dialog === 'delete' && selection.selection && (
        <DeleteLeadsDialog
          selection={selection.selection}
          count={selection.count}
          onClose={(done) => {
            setDialog(null)
            if (done) selection.clear()
          }}
        />
      )}
    </>
  )
}
