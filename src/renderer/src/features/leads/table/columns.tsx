import { ActionIcon, Checkbox, Menu, Tooltip } from '@mantine/core'
import { IconColumns } from '@tabler/icons-react'
import type { DataTableColumn } from 'mantine-datatable'
import type { LeadRow } from '../../../../../shared/domain/lead'
import { formatDateTime, formatMoney } from '../../../components/format'
import { StatusBadge } from '../../../components/StatusBadge'

/** A table cell has little room: month, day and time; the full date is in the title. */
function shortDateTime(ms: number) {
  const d = new Date(ms)
  const sameYear = d.getFullYear() === new Date().getFullYear()
  return (
    <span title={formatDateTime(ms)}>
      {d.toLocaleString(undefined, {
        month: 'short',
        day: 'numeric',
        ...(sameYear ? {} : { year: 'numeric' }),
        hour: 'numeric',
        minute: '2-digit',
      })}
    </span>
  )
}

const name = (r: LeadRow) => [r.firstName, r.lastName].filter(Boolean).join(' ') || '—'

/** Every column the table can show; the operator picks which ones (the chooser below). */
export const LEAD_COLUMNS: (DataTableColumn<LeadRow> & { accessor: string; title: string })[] = [
  {
    accessor: 'status',
    title: 'Status',
    sortable: true,
    width: 195,
    render: (r) => <StatusBadge status={r.status} />,
  },
  { accessor: 'lastName', title: 'Name', sortable: true, render: name },
  { accessor: 'email', title: 'Email', sortable: true },
  { accessor: 'phone', title: 'Phone' },
  { accessor: 'state', title: 'State' },
  { accessor: 'categoryName', title: 'Category' },
  { accessor: 'leadTypeName', title: 'Lead type' },
  { accessor: 'sourceName', title: 'Source' },
  { accessor: 'customerName', title: 'Customer' },
  {
    accessor: 'chargedCents',
    title: 'Charged',
    sortable: true,
    textAlign: 'right',
    render: (r) => formatMoney(r.chargedCents),
  },
  { accessor: 'createdAt', title: 'Created', sortable: true, render: (r) => shortDateTime(r.createdAt) },
  { accessor: 'updatedAt', title: 'Updated', sortable: true, render: (r) => shortDateTime(r.updatedAt) },
  { accessor: 'clientIp', title: 'IP address' },
]

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
