import { Badge, Group, NumberInput, Paper, Skeleton, Stack, Table, Text } from '@mantine/core'
import { IconCalendarCheck } from '@tabler/icons-react'
import type { ReportForecast } from '../../../../shared/domain/reports'
import { EmptyState } from '../../components/EmptyState'
import { formatMoney } from '../../components/format'

function timeIn(zone: string): (ms: number) => string {
  const f = new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: '2-digit', minute: '2-digit' })
  const d = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit' })
  return (ms) => (ms - Date.now() < 20 * 3_600_000 ? f.format(ms) : d.format(ms))
}

/** Today's caps about to be reached and wallets about to run dry, at today's pace. */
export function Forecast(props: {
  forecast?: ReportForecast
  walletLeads: number
  onWalletLeads: (n: number) => void
}) {
  const { forecast } = props
  const at = timeIn(forecast?.timeZone ?? 'UTC')
  return (
    <Paper withBorder radius="md" p="md" data-testid="forecast">
      <Text fw={600} mb="sm">
        Today’s forecast
      </Text>
      {!forecast ? (
        <Skeleton h={160} />
      ) : (
        <Stack gap="md">
          <div>
            <Text size="sm" fw={500} mb={4}>
              Daily caps reached today
            </Text>
            {forecast.caps.length === 0 ? (
              <Text size="sm" c="dimmed">
                No bid reaches its daily cap today at the current pace.
              </Text>
            ) : (
              <Table fz="sm" verticalSpacing={4} data-testid="forecast-caps">
                <Table.Tbody>
                  {forecast.caps.map((c) => (
                    <Table.Tr key={c.bidId}>
                      <Table.Td>
                        {c.customerName} · {c.leadTypeName}{' '}
                        <Text span c="dimmed">
                          #{c.bidId}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {c.usedToday}/{c.capDay}
                      </Table.Td>
                      <Table.Td ta="right" w={150}>
                        {c.reached ? (
                          <Badge color="red" variant="light">
                            reached
                          </Badge>
                        ) : (
                          <Badge color="orange" variant="light" tt="none">
                            ~{c.reachesAt === null ? '—' : at(c.reachesAt)}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
          <div>
            <Group justify="space-between" mb={4} wrap="nowrap">
              <Text size="sm" fw={500}>
                Wallets that run out within
              </Text>
              <NumberInput
                className="no-print"
                size="xs"
                w={110}
                min={1}
                max={10_000}
                value={props.walletLeads}
                onChange={(v) => typeof v === 'number' && v >= 1 && props.onWalletLeads(v)}
                suffix=" leads"
                aria-label="Wallet horizon in leads"
              />
            </Group>
            {forecast.wallets.length === 0 ? (
              <EmptyState icon={<IconCalendarCheck size={24} />} title="Every bidding wallet is well funded" />
            ) : (
              <Table fz="sm" verticalSpacing={4} data-testid="forecast-wallets">
                <Table.Tbody>
                  {forecast.wallets.map((w) => (
                    <Table.Tr key={w.customerId}>
                      <Table.Td>{w.customerName}</Table.Td>
                      <Table.Td ta="right">{formatMoney(w.balanceCents)}</Table.Td>
                      <Table.Td ta="right">
                        {w.leadsLeft} at {formatMoney(w.priceCents)}
                      </Table.Td>
                      <Table.Td ta="right" w={150}>
                        {w.leadsLeft === 0 ? (
                          <Badge color="red" variant="light">
                            empty
                          </Badge>
                        ) : w.runsOutAt === null ? (
                          <Text size="xs" c="dimmed">
                            no sales today
                          </Text>
                        ) : (
                          <Badge color="orange" variant="light" tt="none">
                            ~{at(w.runsOutAt)}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
        </Stack>
      )}
    </Paper>
  )
}
