import { Alert, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import type { ListingRow } from '../../../../shared/api/marketplace'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { formatDateTime, formatMoney } from '../../components/format'
import { useSession } from '../auth/session'

/** A reverse auction's offers, lowest first, with a form to enter one and a button to close it now. */
export function OffersPanel({ listing }: { listing: ListingRow }) {
  const session = useSession()
  const offers = useApiQuery('marketplace/offers', { listingId: listing.id })
  const sources = useApiQuery('marketplace/sources', {}, { staleTime: 60_000 })
  const [sourceId, setSourceId] = useState<string | null>(null)
  const [price, setPrice] = useState<number | string>('')
  const [note, setNote] = useState('')
  const offer = useApiMutation('marketplace/offer', {
    onSuccess: () => {
      setPrice('')
      setNote('')
      void offers.refetch()
      notifications.show({ color: 'teal', message: 'Offer recorded' })
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  })
  const close = useApiMutation('marketplace/close', {
    onSuccess: (r) => notifications.show({ color: r.status === 'sold' ? 'teal' : 'gray', message: r.message }),
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  })
  const open = listing.status === 'open'
  const canEdit = session.can('leads.edit')

  return (
    <Stack gap="sm" p="sm">
      {offers.error && <Alert color="red">{offers.error.message}</Alert>}
      {offers.data && offers.data.length === 0 && (
        <Text size="sm" c="dimmed">
          No offers yet. Sources offer through POST /api/v1/offers with their API key.
        </Text>
      )}
      {offers.data && offers.data.length > 0 && (
        <Table fz="sm" aria-label={`Offers for ${listing.leadName}`} maw={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Source</Table.Th>
              <Table.Th>Price</Table.Th>
              <Table.Th>Entered by</Table.Th>
              <Table.Th>Note</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {offers.data.map((o, i) => (
              <Table.Tr key={o.id} fw={i === 0 ? 600 : undefined}>
                <Table.Td>{o.sourceName ?? '—'}</Table.Td>
                <Table.Td>{formatMoney(o.priceCents)}</Table.Td>
                <Table.Td>{o.userName ?? 'API'}</Table.Td>
                <Table.Td>{o.note ?? ''}</Table.Td>
                <Table.Td>{formatDateTime(o.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {open && canEdit && (
        <Group align="flex-end" gap="xs">
          <Select
            label="Source"
            size="xs"
            w={200}
            data={(sources.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
            value={sourceId}
            onChange={setSourceId}
            searchable
          />
          <NumberInput
            label="Price ($)"
            size="xs"
            w={110}
            min={0}
            decimalScale={2}
            fixedDecimalScale
            value={price}
            onChange={setPrice}
          />
          <TextInput label="Note" size="xs" w={200} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Button
            size="xs"
            disabled={!sourceId || price === ''}
            loading={offer.isPending}
            onClick={() =>
              offer.mutate({
                listingId: listing.id,
                sourceId: Number(sourceId),
                priceCents: Math.round(Number(price) * 100),
                note: note || undefined,
              })
            }
          >
            Add offer
          </Button>
          <Button
            size="xs"
            color="orange"
            variant="light"
            loading={close.isPending}
            onClick={() => close.mutate({ listingId: listing.id })}
          >
            Close now
          </Button>
        </Group>
      )}
    </Stack>
  )
}
