import { Badge, Button, Group, Paper, SegmentedControl, Select, Tabs, Text } from '@mantine/core'
import { IconBuildingStore, IconGavel, IconTrendingDown } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import type { ListingRow } from '../../../../shared/api/marketplace'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime, formatMoney } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'
import { useSession } from '../auth/session'
import { BuyNowDialog } from './BuyNowDialog'
import { OffersPanel } from './OffersPanel'

const STATUS_COLOR: Record<string, string> = {
  open: 'blue',
  sold: 'teal',
  expired: 'gray',
  closed: 'orange',
  cancelled: 'gray',
}

function Listings({ kind }: { kind: 'auction' | 'reverse' }) {
  const session = useSession()
  const [state, setState] = useState<'open' | 'closed'>('open')
  const [page, setPage] = useState(1)
  const [expanded, setExpanded] = useState<number[]>([])
  const [buyer, setBuyer] = useState<string | null>(null)
  const list = useApiQuery('marketplace/list', { kind, state, page, pageSize: 25 }, { placeholderData: (p) => p })
  const customers = useApiQuery('leads/filterOptions', {}, { enabled: kind === 'auction', staleTime: 60_000 })
  const [buying, setBuying] = useState<ListingRow | null>(null)
  const canBuy = kind === 'auction' && state === 'open' && session.can('leads.edit')

  return (
    <>
      {buying && buyer && <BuyNowDialog listing={buying} customerId={Number(buyer)} onClose={() => setBuying(null)} />}
      <Group mb="sm" justify="space-between">
        <SegmentedControl
          value={state}
          onChange={(v) => {
            setState(v === 'closed' ? 'closed' : 'open')
            setPage(1)
          }}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
          ]}
          aria-label="Open or closed"
        />
        {canBuy && (
          <Select
            placeholder="Buy for customer…"
            aria-label="Buy for customer"
            data={(customers.data?.customers ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
            value={buyer}
            onChange={setBuyer}
            searchable
            w={240}
          />
        )}
      </Group>
      {list.error && <Text c="red">{list.error.message}</Text>}
      {list.data && list.data.total === 0 ? (
        <EmptyState
          icon={<IconBuildingStore size={28} />}
          title={state === 'open' ? 'Nothing open' : 'Nothing closed yet'}
        >
          {kind === 'reverse'
            ? 'Imported leads open reverse auctions: sources offer prices, the lowest wins.'
            : 'Leads whose plan reaches the marketplace stage are listed here at a falling price.'}
        </EmptyState>
      ) : (
        <Paper withBorder radius="md">
          <DataTable<ListingRow>
            aria-label={kind === 'reverse' ? 'Reverse auctions' : 'Descending auctions'}
            minHeight={list.data?.rows.length ? undefined : 200}
            fetching={list.isFetching}
            records={list.data?.rows ?? []}
            totalRecords={list.data?.total ?? 0}
            recordsPerPage={25}
            page={page}
            onPageChange={setPage}
            rowExpansion={
              kind === 'reverse'
                ? {
                    allowMultiple: true,
                    expanded: { recordIds: expanded, onRecordIdsChange: setExpanded },
                    content: ({ record }) => <OffersPanel listing={record} />,
                  }
                : undefined
            }
            columns={[
              { accessor: 'leadName', title: 'Lead' },
              { accessor: 'categoryName', title: 'Category' },
              ...(kind === 'reverse'
                ? [
                    { accessor: 'customerName', title: 'Customer' },
                    {
                      accessor: 'offerCount',
                      title: 'Offers',
                      width: 110,
                      // A real button, so the offers open from the keyboard too.
                      render: (r: ListingRow) => (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          aria-expanded={expanded.includes(r.id)}
                          aria-label={`Offers for ${r.leadName}: ${r.offerCount}`}
                          onClick={(e) => {
                            e.stopPropagation()
                            setExpanded((ids) => (ids.includes(r.id) ? ids.filter((x) => x !== r.id) : [...ids, r.id]))
                          }}
                        >
                          {r.offerCount} {expanded.includes(r.id) ? '▴' : '▾'}
                        </Button>
                      ),
                    },
                    {
                      accessor: 'bestOfferCents',
                      title: 'Lowest offer',
                      render: (r: ListingRow) => formatMoney(r.bestOfferCents),
                    },
                  ]
                : [
                    {
                      accessor: 'currentPriceCents',
                      title: 'Current price',
                      render: (r: ListingRow) => formatMoney(r.currentPriceCents ?? r.priceCents),
                    },
                    {
                      accessor: 'floorPriceCents',
                      title: 'Floor',
                      render: (r: ListingRow) => formatMoney(r.floorPriceCents),
                    },
                  ]),
              {
                accessor: state === 'open' ? 'closesAt' : 'closedAt',
                title: state === 'open' ? 'Closes' : 'Closed',
                render: (r: ListingRow) => formatDateTime(state === 'open' ? r.closesAt : r.closedAt),
              },
              {
                accessor: 'status',
                title: 'Outcome',
                render: (r: ListingRow) => (
                  <Group gap={6} wrap="nowrap">
                    <Badge color={STATUS_COLOR[r.status] ?? 'gray'} variant="light">
                      {r.status}
                    </Badge>
                    {r.status === 'sold' && (
                      <Text size="xs">
                        {formatMoney(r.priceCents)}
                        {r.winnerSourceName ? ` from ${r.winnerSourceName}` : ''}
                        {r.winnerCustomerName ? ` to ${r.winnerCustomerName}` : ''}
                      </Text>
                    )}
                  </Group>
                ),
              },
              ...(canBuy
                ? [
                    {
                      accessor: 'actions',
                      title: '',
                      width: 110,
                      render: (r: ListingRow) => (
                        <Button
                          size="xs"
                          disabled={!buyer}
                          title={buyer ? undefined : 'Pick the customer to buy for first'}
                          onClick={(e) => {
                            e.stopPropagation()
                            setBuying(r)
                          }}
                        >
                          Buy now
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Paper>
      )}
    </>
  )
}

/** Open descending auctions (buy now) and the reverse auctions imports opened, with offers and outcomes. */
export function MarketplacePage() {
  return (
    <>
      <PageHeader
        title="Marketplace"
        description="Leads listed for customers, and imports waiting for sources' offers."
      />
      <Tabs defaultValue="reverse" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="reverse" leftSection={<IconGavel size={16} />}>
            Reverse auctions
          </Tabs.Tab>
          <Tabs.Tab value="auction" leftSection={<IconTrendingDown size={16} />}>
            Descending auctions
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="reverse">
          <Listings kind="reverse" />
        </Tabs.Panel>
        <Tabs.Panel value="auction">
          <Listings kind="auction" />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}
