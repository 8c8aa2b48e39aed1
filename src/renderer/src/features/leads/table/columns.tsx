import { ActionIcon, Checkbox, Menu, Tooltip } from '@mantine/core'
import { IconColumns } from '@tabler/icons-react'
import type { DataTableColumn } from 'mantine-datatable'
import { useMemo } from 'react'
import type { LeadRow } from '../../../../../shared/domain/lead'
import { DateCell, MoneyCell, StatusCell } from './cells'

const name = (r: LeadRow) => [r.firstName, r.lastName].filter(Boolean).join(' ') || '—'

/**
 * Every column the table can show; the operator picks which ones (the chooser below). Widths keep
 * Charged and Created in view on a 1440 px window; long names and emails end in an ellipsis (the
 * whole value is in the detail).
 */
export const LEAD_COLUMNS: (DataTableColumn<LeadRow> & { accessor: string; title: string })[] = [
  {
    accessor: 'status',
    title: 'Status',
    sortable: true,
    width: 185,
    render: (r) => <StatusCell status={r.status} />,
  },
  { accessor: 'lastName', title: 'Name', sortable: true, ellipsis: true, width: 130, render: name },
  { accessor: 'email', title: 'Email', sortable: true, ellipsis: true, width: 180 },
  { accessor: 'phone', title: 'Phone' },
  { accessor: 'state', title: 'State' },
  { accessor: 'categoryName', title: 'Category', ellipsis: true, width: 120 },
  { accessor: 'leadTypeName', title: 'Lead type', ellipsis: true, width: 110 },
  { accessor: 'sourceName', title: 'Source', ellipsis: true, width: 110 },
  { accessor: 'customerName', title: 'Customer', ellipsis: true, width: 120 },
  {
    accessor: 'chargedCents',
    title: 'Charged',
    sortable: true,
    textAlign: 'right',
    render: (r) => <MoneyCell cents={r.chargedCents} />,
  },
  { accessor: 'createdAt', title: 'Created', sortable: true, render: (r) => <DateCell ms={r.createdAt} /> },
  { accessor: 'updatedAt', title: 'Updated', sortable: true, render: (r) => <DateCell ms={r.updatedAt} /> },
  { accessor: 'clientIp', title: 'IP address' },
]

/** The columns with the operator's hidden ones marked: one array per choice, so the table keeps its layout. */
export function useLeadColumns(hidden: string[]) {
  const key = hidden.join()
  return useMemo(() => LEAD_COLUMNS.map((c) => ({ ...c, hidden: key.split(',').includes(c.accessor) })), [key])
}

export function ColumnChooser(props: { hidden: string[]; onChange: (hidden: string[]) => void }) {
  const hidden = new Set(props.hidden)
  return (
    <Menu closeOnItemClick={false} position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label="Choose columns">
          <ActionIcon variant="default" size="lg" aria-label="Choose columns">
            <IconColumns size={18} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Columns</Menu.Label>
        {LEAD_COLUMNS.map((c) => {
          const fixed = c.accessor === 'status' || c.accessor === 'lastName'
          return (
            <Menu.Item
              key={c.accessor}
              onClick={() => toggle(c.accessor)}
              // Status and name always stay so a row remains recognisable.
              disabled={fixed}
              aria-checked={!hidden.has(c.accessor)}
              leftSection={
                <Checkbox
                  checked={!hidden.has(c.accessor)}
                  readOnly
                  tabIndex={-1}
                  aria-hidden
                  size="xs"
                  style={{ pointerEvents: 'none' }}
                />
              }
            >
              {c.title}
            </Menu.Item>
          )
        })}
      </Menu.Dropdown>
    </Menu>
  )

  function toggle(accessor: string) {
    if (accessor === 'status' || accessor === 'lastName') return
    const next = new Set(hidden)
    if (next.has(accessor)) next.delete(accessor)
    else next.add(accessor)
    props.onChange([...next])
  }
}
