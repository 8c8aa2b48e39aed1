import { Group, MultiSelect, Paper, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconInbox, IconSearch } from '@tabler/icons-react'
import { DataTable, type DataTableSortStatus } from 'mantine-datatable'
import { useState } from 'react'
import { LEAD_SORT_COLUMNS } from '../../../../shared/api/leads'
import { LEAD_STATUSES, type LeadRow, type LeadStatus } from '../../../../shared/domain/lead'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime, formatMoney } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'
import { StatusBadge } from '../../components/StatusBadge'

type SortColumn = (typeof LEAD_SORT_COLUMNS)[number]
const isSortColumn = (c: string): c is SortColumn => (LEAD_SORT_COLUMNS as readonly string[]).includes(c)

export function LeadsPage() {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const [status, setStatus] = useState<LeadStatus[]>([])
  const [sort, setSort] = useState<DataTableSortStatus<LeadRow>>({ columnAccessor: 'createdAt', direction: 'desc' })

  const column = isSortColumn(String(sort.columnAccessor)) ? (sort.columnAccessor as SortColumn) : 'createdAt'
  const query = useApiQuery(
    'leads/list',
    {
      page,
      pageSize,
      sort: { column, direction: sort.direction },
      filter: { search: debounced || undefined, status: status.length ? status : undefined },
    },
    { placeholderData: (previous) => previous },
  )

  return (
    <>
      <PageHeader title="Leads" description="Every lead of the workspace, newest first." />
      <Group mb="sm" align="flex-end">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder="Search name, email or phone"
          aria-label="Search leads"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value)
            setPage(1)
          }}
          w={320}
        />
        <MultiSelect
          data={[...LEAD_STATUSES]}
          placeholder={status.length ? undefined : 'Any status'}
          aria-label="Status"
          value={status}
          onChange={(v) => {
            setStatus(v as LeadStatus[])
            setPage(1)
          }}
          clearable
          w={320}
        />
      </Group>
      <Paper withBorder radius="md">
        <DataTable<LeadRow>
          minHeight={300}
          highlightOnHover
          records={query.data?.rows ?? []}
          fetching={query.isFetching}
          totalRecords={query.data?.total ?? 0}
          page={page}
          onPageChange={setPage}
          recordsPerPage={pageSize}
          recordsPerPageOptions={[25, 50, 100, 200]}
          onRecordsPerPageChange={(n) => {
            setPageSize(n)
            setPage(1)
          }}
          sortStatus={sort}
          onSortStatusChange={(s) => {
            setSort(s)
            setPage(1)
          }}
          emptyState={
            query.isFetching ? undefined : (
              <EmptyState icon={<IconInbox size={28} />} title="No leads here">
                {query.error ? query.error.message : 'Leads appear as soon as a source sends them.'}
              </EmptyState>
            )
          }
          columns={[
            { accessor: 'status', sortable: true, render: (r) => <StatusBadge status={r.status} /> },
            {
              accessor: 'lastName',
              title: 'Name',
              sortable: true,
              render: (r) => [r.firstName, r.lastName].filter(Boolean).join(' ') || '—',
            },
            { accessor: 'email', sortable: true },
            { accessor: 'phone' },
            { accessor: 'categoryName', title: 'Category' },
            { accessor: 'leadTypeName', title: 'Lead type' },
            { accessor: 'customerName', title: 'Customer' },
            {
              accessor: 'chargedCents',
              title: 'Charged',
              sortable: true,
              textAlign: 'right',
              render: (r) => formatMoney(r.chargedCents),
            },
            { accessor: 'createdAt', title: 'Created', sortable: true, render: (r) => formatDateTime(r.createdAt) },
          ]}
        />
      </Paper>
    </>
  )
}
