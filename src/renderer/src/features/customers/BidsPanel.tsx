import { ActionIcon, Badge, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core'
import { IconCoin, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { BidDef } from '../../../../shared/api/settings/bids'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatMoney } from '../../components/format'
import { useSession } from '../auth/session'
import { useConfirm } from '../settings/shared/confirm'
import { useSave } from '../settings/shared/useSave'
import { BidForm } from './BidForm'

/** "used / cap" with a bar that turns orange near the cap and red at it. */
function Usage(props: { label: string; used: number; cap: number | null; money?: boolean }) {
  const show = (n: number) => (props.money ? formatMoney(n) : n.toLocaleString())
  if (props.cap === null)
    return (
      <Text size="xs" c="dimmed">
        {props.label}: {show(props.used)}
      </Text>
    )
  const share = props.cap === 0 ? 100 : Math.min(100, (props.used / props.cap) * 100)
  return (
    <div>
      <Text size="xs">
        {props.label}: {show(props.used)} / {show(props.cap)}
      </Text>
      <Progress
        size="xs"
        value={share}
        color={share >= 100 ? 'red' : share >= 80 ? 'orange' : 'teal'}
        aria-label={`${props.label} used`}
      />
    </div>
  )
}

export function BidsPanel(props: { customerId: number }) {
  const session = useSession()
  const bids = useApiQuery('bids/list', { customerId: props.customerId })
  const [editing, setEditing] = useState<BidDef | 'new' | null>(null)
  const confirm = useConfirm()
  const remove = useSave('bids/delete', { success: 'Bid deleted', areas: ['bids', 'customers'] })
  const canEdit = session.can('settings.manage')

  return (
    <Stack>
      {confirm.element}
      {editing && (
        <BidForm
          customerId={props.customerId}
          bid={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {canEdit && (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            New bid
          </Button>
        </Group>
      )}
      {bids.data?.length === 0 ? (
        <EmptyState icon={<IconCoin size={28} />} title="No bids yet">
          A bid is a standing offer for a lead type: the customer wins leads when its bid is the best eligible one.
        </EmptyState>
      ) : (
        <Paper withBorder>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Lead type</Table.Th>
                <Table.Th ta="right">Price</Table.Th>
                <Table.Th>Where</Table.Th>
                <Table.Th w={150}>Today</Table.Th>
                <Table.Th w={150}>This week</Table.Th>
                <Table.Th w={150}>This month</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bids.data?.map((b) => (
                <Table.Tr key={b.id} data-testid={`bid-${b.id}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {b.leadTypeName}
                    </Text>
                    <Group gap={4}>
                      <Text size="xs" c="dimmed">
                        {b.categoryName}
                      </Text>
                      {!b.active && (
                        <Badge size="xs" color="gray">
                          paused
                        </Badge>
                      )}
                      {b.filters && (
                        <Badge size="xs" variant="outline">
                          filtered
                        </Badge>
                      )}
                      {b.schedule && (
                        <Badge size="xs" variant="outline">
                          scheduled
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {formatMoney(b.priceCents)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {b.scope.kind === 'nationwide'
                        ? 'Nationwide'
                        : b.scope.values.slice(0, 5).join(', ') + (b.scope.values.length > 5 ? '…' : '')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Usage label="Leads" used={b.usage.day} cap={b.capDay} />
                      <Usage label="Spent" used={b.usage.spentDayCents} cap={b.budgetDayCents} money />
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Usage label="Leads" used={b.usage.week} cap={b.capWeek} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Usage label="Leads" used={b.usage.month} cap={b.capMonth} />
                      <Usage label="Spent" used={b.usage.spentMonthCents} cap={b.budgetMonthCents} money />
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <Group gap={2} wrap="nowrap" justify="flex-end">
                        <ActionIcon
                          variant="subtle"
                          aria-label={`Edit bid on ${b.leadTypeName}`}
                          onClick={() => setEditing(b)}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete bid on ${b.leadTypeName}`}
                          onClick={() =>
                            confirm.ask({
                              title: 'Delete this bid?',
                              body: `${formatMoney(b.priceCents)} on ${b.leadTypeName}. Leads already won stay assigned.`,
                              confirm: 'Delete',
                              onConfirm: () => remove.mutate({ id: b.id }),
                            })
                          }
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  )
}
