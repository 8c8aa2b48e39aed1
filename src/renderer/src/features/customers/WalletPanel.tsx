import { Badge, Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconCash, IconPlus, IconScale } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import type { CustomerDef } from '../../../../shared/api/settings/customers'
import type { LedgerEntry } from '../../../../shared/api/settings/wallets'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime, formatMoney } from '../../components/format'
import { useSession } from '../auth/session'
import { MoneyInput } from '../settings/shared/MoneyInput'
import { useSave } from '../settings/shared/useSave'

const KIND_COLORS: Record<LedgerEntry['kind'], string> = {
  deposit: 'teal',
  charge: 'blue',
  credit: 'grape',
  adjustment: 'orange',
}

function MovementModal(props: { kind: 'deposit' | 'adjust'; customer: CustomerDef; onClose: () => void }) {
  const [amount, setAmount] = useState<number | null>(null)
  const [sign, setSign] = useState<1 | -1>(1)
  const [reason, setReason] = useState('')
  const options = {
    areas: ['customers', 'wallets'],
    success: (r: { balanceCents: number }) => `Balance is now ${formatMoney(r.balanceCents)}`,
    onSuccess: props.onClose,
  }
  const deposit = useSave('wallets/deposit', options)
  const adjust = useSave('wallets/adjust', options)
  const isDeposit = props.kind === 'deposit'
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`${isDeposit ? 'Deposit to' : 'Adjust'} the wallet of ${props.customer.name}`}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (isDeposit) deposit.mutate({ customerId: props.customer.id, amountCents: amount ?? 0, reason })
          else adjust.mutate({ customerId: props.customer.id, amountCents: sign * (amount ?? 0), reason })
        }}
      >
        <Stack>
          {!isDeposit && (
            <Group>
              <Button variant={sign === 1 ? 'filled' : 'default'} size="xs" onClick={() => setSign(1)}>
                Add
              </Button>
              <Button variant={sign === -1 ? 'filled' : 'default'} size="xs" color="red" onClick={() => setSign(-1)}>
                Subtract
              </Button>
            </Group>
          )}
          <MoneyInput label="Amount" value={amount} onChange={setAmount} data-autofocus required />
          <TextInput
            label={isDeposit ? 'Note' : 'Reason'}
            placeholder={isDeposit ? 'e.g. wire transfer 12 March' : 'Why the balance changes'}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required={!isDeposit}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={deposit.isPending || adjust.isPending} disabled={!amount}>
              {isDeposit ? 'Deposit' : 'Adjust balance'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

export function WalletPanel(props: { customer: CustomerDef }) {
  const { customer } = props
  const session = useSession()
  const [page, setPage] = useState(1)
  const [movement, setMovement] = useState<'deposit' | 'adjust' | null>(null)
  const ledger = useApiQuery(
    'wallets/ledger',
    { customerId: customer.id, page, pageSize: 15 },
    { placeholderData: (p) => p },
  )
  return (
    <Stack>
      {movement && <MovementModal kind={movement} customer={customer} onClose={() => setMovement(null)} />}
      <Paper withBorder p="md">
        <Group justify="space-between">
          <div>
            <Text size="sm" c="dimmed">
              Balance
            </Text>
            <Group gap="xs">
              <Title order={2} data-testid="wallet-balance">
                {formatMoney(customer.balanceCents)}
              </Title>
              {customer.lowBalance && (
                <Badge color="red" variant="light">
                  Low balance
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              Warning at {formatMoney(customer.lowBalanceCents)}
            </Text>
          </div>
          {session.can('wallets.adjust') && (
            <Group>
              <Button leftSection={<IconPlus size={16} />} onClick={() => setMovement('deposit')}>
                Deposit
              </Button>
              <Button variant="default" leftSection={<IconScale size={16} />} onClick={() => setMovement('adjust')}>
                Adjust
              </Button>
            </Group>
          )}
        </Group>
      </Paper>
      <Paper withBorder>
        <DataTable<LedgerEntry>
          minHeight={200}
          records={ledger.data?.rows ?? []}
          totalRecords={ledger.data?.total ?? 0}
          recordsPerPage={15}
          page={page}
          onPageChange={setPage}
          fetching={ledger.isPlaceholderData}
          emptyState={
            ledger.isLoading ? undefined : (
              <EmptyState icon={<IconCash size={28} />} title="No wallet movements yet">
                {ledger.error ? ledger.error.message : 'Deposits, charges, credits and adjustments appear here.'}
              </EmptyState>
            )
          }
          columns={[
            { accessor: 'createdAt', title: 'When', render: (r) => formatDateTime(r.createdAt) },
            {
              accessor: 'kind',
              render: (r) => (
                <Badge color={KIND_COLORS[r.kind]} variant="light">
                  {r.kind}
                </Badge>
              ),
            },
            {
              accessor: 'amountCents',
              title: 'Amount',
              textAlign: 'right',
              render: (r) => (
                <Text size="sm" c={r.amountCents < 0 ? 'red' : undefined} fw={500}>
                  {formatMoney(r.amountCents)}
                </Text>
              ),
            },
            {
              accessor: 'leadUuid',
              title: 'Lead',
              render: (r) =>
                r.leadUuid ? (
                  <Text size="xs" ff="monospace">
                    {r.leadUuid.slice(0, 8)}
                  </Text>
                ) : (
                  '—'
                ),
            },
            { accessor: 'userName', title: 'By', render: (r) => r.userName ?? 'Leadline' },
            { accessor: 'reason', render: (r) => r.reason ?? '' },
          ]}
        />
      </Paper>
    </Stack>
  )
}
