import { Alert, Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { ListingRow } from '../../../../shared/api/marketplace'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { formatMoney } from '../../components/format'

/**
 * Buy now spends a customer's wallet: the operator sees the price and the balance after, then
 * confirms. The confirmed price travels with the purchase, so the customer is never charged more.
 */
export function BuyNowDialog(props: { listing: ListingRow; customerId: number; onClose: () => void }) {
  const { listing, customerId } = props
  const quote = useApiQuery(
    'auctions/buyQuote',
    { listingId: listing.id, customerId },
    { staleTime: 0, gcTime: 0, retry: false },
  )
  const buy = useApiMutation('auctions/buy', {
    onSuccess: (r) => {
      notifications.show({
        color: 'teal',
        message: `Bought at ${formatMoney(r.priceCents)}; wallet now ${formatMoney(r.balanceCents)}`,
      })
      props.onClose()
    },
  })
  const q = quote.data
  const short = q ? q.balanceAfterCents < 0 : false

  return (
    <Modal opened onClose={props.onClose} title="Buy this lead now?" data-testid="buy-now-confirm">
      <Stack>
        {quote.isPending && <Loader size="sm" aria-label="Getting the price" />}
        {quote.error && (
          <Alert color="red" icon={<IconAlertTriangle />}>
            {quote.error.message}
          </Alert>
        )}
        {q && (
          <>
            <Text size="sm">
              <b>{listing.leadName ?? 'This lead'}</b> ({listing.categoryName ?? 'no category'}) for{' '}
              <b>{q.customerName}</b>, charged to its wallet.
            </Text>
            <Table withTableBorder variant="vertical" aria-label="Price and wallet">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={200}>Price now</Table.Th>
                  <Table.Td data-testid="buy-now-price" fw={600}>
                    {formatMoney(q.priceCents)}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Wallet balance</Table.Th>
                  <Table.Td data-testid="buy-now-balance">{formatMoney(q.balanceCents)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Balance after</Table.Th>
                  <Table.Td data-testid="buy-now-balance-after" c={short ? 'red' : undefined} fw={600}>
                    {formatMoney(q.balanceAfterCents)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              The price only falls while the listing is open: the customer pays the price at the moment of buying, never
              more than {formatMoney(q.priceCents)}.
            </Text>
            {short && (
              <Alert color="red" icon={<IconAlertTriangle />}>
                The wallet does not cover the price. Deposit first, or pick another customer.
              </Alert>
            )}
          </>
        )}
        {buy.error && (
          <Alert color="red" icon={<IconAlertTriangle />}>
            {buy.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose} disabled={buy.isPending}>
            Cancel
          </Button>
          <Button
            data-autofocus
            disabled={!q || short}
            loading={buy.isPending}
            onClick={() => q && buy.mutate({ listingId: listing.id, customerId, maxPriceCents: q.priceCents })}
          >
            {q ? `Buy for ${formatMoney(q.priceCents)}` : 'Buy'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
