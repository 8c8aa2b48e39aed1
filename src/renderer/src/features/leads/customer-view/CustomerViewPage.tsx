import { Alert, Anchor, Group, Paper, Switch, Text } from '@mantine/core'
import { IconEye, IconInbox } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import type { CustomerViewRow } from '../../../../../shared/api/leads'
import { useApiQuery } from '../../../api/hooks'
import { EmptyState } from '../../../components/EmptyState'
import { formatDateTime, formatMoney } from '../../../components/format'
import { PageHeader } from '../../../components/PageHeader'
import { StatusBadge } from '../../../components/StatusBadge'
import { ExportButton } from '../../exports'
import { LeadDetailDrawer } from '../detail/LeadDetailDrawer'
import { LeadsTable } from '../table/LeadsTable'

/**
 * A customer's leads. Operators see every field; "View as customer" shows exactly what the
 * customer receives, read from a method that returns only deliverable fields.
 */
export function CustomerViewPage() {
  const params = useParams()
  const customerId = Number(params['*']?.split('/')[0] ?? params.customerId)
  const [asCustomer, setAsCustomer] = useState(false)
  const [openId, setOpenId] = useState<number | null>(null)
  const options = useApiQuery('leads/filterOptions', {}, { staleTime: 60_000 })
  const customerName = options.data?.customers.find((c) => c.id === customerId)?.name

  if (!Number.isInteger(customerId) || customerId <= 0) {
    return <Alert color="red">This address does not name a customer.</Alert>
  }

  return (
    <>
      <PageHeader
        title={customerName ? `${customerName} — leads` : 'Customer leads'}
        description="Leads sold to this customer, returned ones included."
        actions={
          <>
            <Switch
              label="View as customer"
              checked={asCustomer}
              onChange={(e) => setAsCustomer(e.currentTarget.checked)}
              thumbIcon={asCustomer ? <IconEye size={12} /> : undefined}
            />
            <ExportButton customerId={customerId} audience={asCustomer ? 'customer' : 'operator'} />
          </>
        }
      />
      <Text size="sm" mb="sm">
        <Anchor component={Link} to="/customers">
          ← Customers
        </Anchor>
      </Text>
      {asCustomer ? (
        <AsCustomer customerId={customerId} />
      ) : (
        <>
          <LeadsTable
            storageKey="customer-leads-table"
            fixedFilter={{ customerId: [customerId] }}
            onOpen={setOpenId}
            covered={openId !== null}
          />
          <LeadDetailDrawer leadId={openId} onClose={() => setOpenId(null)} />
        </>
      )}
    </>
  )
}

function AsCustomer({ customerId }: { customerId: number }) {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const query = useApiQuery('leads/customerView', { customerId, page, pageSize }, { placeholderData: (p) => p })
  const columns = query.data?.columns ?? []
  return (
    <>
      <Group mb="xs">
        <Text size="sm" c="dimmed">
          Only the fields marked deliverable in each category are shown, exactly as the customer receives them.
        </Text>
      </Group>
      {query.error && <Alert color="red">{query.error.message}</Alert>}
      <Paper withBorder radius="md">
        <DataTable<CustomerViewRow>
          minHeight={query.data?.rows.length ? undefined : 300}
          records={query.data?.rows ?? []}
          fetching={query.isPending || query.isPlaceholderData}
          totalRecords={query.data?.total ?? 0}
          page={page}
          onPageChange={setPage}
          recordsPerPage={pageSize}
          recordsPerPageOptions={[25, 50, 100]}
          onRecordsPerPageChange={(n) => {
            setPageSize(n)
            setPage(1)
          }}
          aria-label="Leads as the customer sees them"
          defaultColumnProps={{ noWrap: true }}
          emptyState={
            query.isPending || query.isPlaceholderData ? undefined : (
              <EmptyState icon={<IconInbox size={28} />} title="No leads yet">
                Leads sold to this customer appear here.
              </EmptyState>
            )
          }
          columns={[
            {
              accessor: 'uuid',
              title: 'Lead ID',
              render: (r) => (
                <Text size="xs" ff="monospace">
                  {r.uuid}
                </Text>
              ),
            },
            { accessor: 'assignedAt', title: 'Received', render: (r) => formatDateTime(r.assignedAt) },
            { accessor: 'status', title: 'Status', width: 130, render: (r) => <StatusBadge status={r.status} /> },
            {
              accessor: 'chargedCents',
              title: 'Price',
              textAlign: 'right',
              render: (r) => formatMoney(r.chargedCents),
            },
            ...columns.map((c) => ({
              accessor: `values.${c.key}`,
              title: c.label,
              render: (r: CustomerViewRow) => {
                const v = r.values[c.key]
                return v === undefined || v === null ? '—' : String(v)
              },
            })),
          ]}
        />
      </Paper>
    </>
  )
}
