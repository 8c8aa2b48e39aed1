import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Paper, Tabs, Text } from '@mantine/core'
import { IconArrowLeft, IconListDetails, IconPlus, IconUsers } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import { Link, Route, Routes, useNavigate, useParams } from 'react-router'
import type { CustomerDef } from '../../../../shared/api/settings/customers'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatMoney } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'
import { useSession } from '../auth/session'
import { customerViewPath } from '../leads/customer-view'
import { useLeadDrivenRefresh } from '../settings/shared/useLeadDrivenRefresh'
import { BidsPanel } from './BidsPanel'
import { CustomerForm } from './CustomerForm'
import { WalletPanel } from './WalletPanel'

function CustomerList() {
  const session = useSession()
  const navigate = useNavigate()
  const customers = useApiQuery('customers/list', {})
  const [creating, setCreating] = useState(false)
  return (
    <>
      <PageHeader
        title="Customers"
        description="Buyers, their wallets and their bids."
        actions={
          session.can('settings.manage') && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New customer
            </Button>
          )
        }
      />
      {creating && (
        <Modal opened onClose={() => setCreating(false)} title="New customer" size="lg">
          <CustomerForm
            customer={null}
            onCancel={() => setCreating(false)}
            onSaved={(c) => navigate(`/customers/${c.id}`)}
          />
        </Modal>
      )}
      <Paper withBorder>
        <DataTable<CustomerDef>
          minHeight={240}
          highlightOnHover
          records={customers.data ?? []}
          fetching={customers.isLoading}
          onRowClick={({ record }) => navigate(`/customers/${record.id}`)}
          emptyState={
            customers.isLoading ? undefined : (
              <EmptyState icon={<IconUsers size={28} />} title="No customers yet">
                {customers.error ? customers.error.message : 'Add the buyers you sell leads to, then give them bids.'}
              </EmptyState>
            )
          }
          columns={[
            {
              accessor: 'name',
              render: (c) => (
                <Anchor component={Link} to={`/customers/${c.id}`} size="sm" fw={500}>
                  {c.name}
                </Anchor>
              ),
            },
            { accessor: 'company', render: (c) => c.company ?? '' },
            {
              accessor: 'balanceCents',
              title: 'Balance',
              textAlign: 'right',
              render: (c) => (
                <Group gap={6} justify="flex-end" wrap="nowrap">
                  {c.lowBalance && (
                    <Badge size="xs" color="red" variant="light">
                      low
                    </Badge>
                  )}
                  <Text size="sm">{formatMoney(c.balanceCents)}</Text>
                </Group>
              ),
            },
            { accessor: 'bidCount', title: 'Bids', textAlign: 'right' },
            {
              accessor: 'delivery',
              title: 'Delivery',
              render: (c) => (c.delivery.method === 'webhook' ? 'Webhook' : 'None'),
            },
            {
              accessor: 'active',
              render: (c) => (c.active ? <Badge variant="light">active</Badge> : <Badge color="gray">inactive</Badge>),
            },
          ]}
        />
      </Paper>
    </>
  )
}

function CustomerDetail() {
  const session = useSession()
  const id = Number(useParams().id)
  const valid = Number.isInteger(id) && id > 0
  const customer = useApiQuery('customers/get', { id }, { enabled: valid })
  const [tab, setTab] = useState<string | null>('wallet')
  if (!valid) return <Alert color="red">Customer not found</Alert>
  if (customer.error) return <Alert color="red">{customer.error.message}</Alert>
  if (!customer.data) return <Loader />
  const c = customer.data
  return (
    <>
      <Anchor component={Link} to="/customers" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Customers
        </Group>
      </Anchor>
      <PageHeader
        title={c.name}
        description={[c.company, c.email, c.phone].filter(Boolean).join(' · ') || undefined}
        actions={
          <>
            {c.lowBalance && <Badge color="red">Low balance: {formatMoney(c.balanceCents)}</Badge>}
            <Button
              component="a"
              href={`#${customerViewPath(c.id)}`}
              variant="default"
              leftSection={<IconListDetails size={16} />}
            >
              Leads
            </Button>
          </>
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="wallet">Wallet</Tabs.Tab>
          <Tabs.Tab value="bids">Bids ({c.bidCount})</Tabs.Tab>
          {session.can('settings.manage') && <Tabs.Tab value="details">Details & delivery</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="wallet">
          <WalletPanel customer={c} />
        </Tabs.Panel>
        <Tabs.Panel value="bids">
          <BidsPanel customerId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="details">
          <Paper withBorder p="md">
            <CustomerForm key={customer.dataUpdatedAt} customer={c} />
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </>
  )
}

export function CustomersPage() {
  useLeadDrivenRefresh()
  return (
    <Routes>
      <Route index element={<CustomerList />} />
      <Route path=":id" element={<CustomerDetail />} />
    </Routes>
  )
}
