import { Badge, Group, Paper, SimpleGrid, Skeleton, Text } from '@mantine/core'
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react'
import type { ReportTotals } from '../../../../shared/domain/reports'
import { formatMoney } from '../../components/format'
import { change } from './range'

interface Stat {
  key: keyof ReportTotals
  label: string
  format: (t: ReportTotals) => string
  /** More is worse (returns): a rise is shown red. */
  inverse?: boolean
}

const count = (n: number) => n.toLocaleString()
const percent = (x: number) => `${(x * 100).toFixed(1)} %`

const STATS: Stat[] = [
  { key: 'received', label: 'Leads received', format: (t) => count(t.received) },
  { key: 'sold', label: 'Sold (Assigned + Posted)', format: (t) => count(t.sold) },
  { key: 'returned', label: 'Returned', format: (t) => count(t.returned), inverse: true },
  { key: 'soldRate', label: 'Sold rate', format: (t) => percent(t.soldRate) },
  { key: 'revenueCents', label: 'Revenue (net of returns)', format: (t) => formatMoney(t.revenueCents) },
  { key: 'partnerRevenueCents', label: 'Partner revenue', format: (t) => formatMoney(t.partnerRevenueCents) },
  { key: 'payoutsCents', label: 'Reverse-auction payouts', format: (t) => formatMoney(t.payoutsCents), inverse: true },
  { key: 'marginCents', label: 'Margin', format: (t) => formatMoney(t.marginCents) },
]

function ChangeBadge(props: { current: number; before: number; inverse?: boolean }) {
  const c = change(props.current, props.before)
  if (c === null) {
    return (
      <Badge variant="light" color="gray" size="sm">
        new
      </Badge>
    )
  }
  const up = c > 0
  const flat = Math.abs(c) < 0.0005
  const good = flat ? null : up !== (props.inverse ?? false)
  return (
    <Badge
      variant="light"
      size="sm"
      color={good === null ? 'gray' : good ? 'teal' : 'red'}
      leftSection={
        flat ? <IconMinus size={12} /> : up ? <IconArrowUpRight size={12} /> : <IconArrowDownRight size={12} />
      }
    >
      {flat
        ? '0 %'
        : Math.abs(c) >= 10
          ? `${up ? '+' : '−'}${Math.round(Math.abs(c) * 100).toLocaleString()} %`
          : `${up ? '+' : ''}${(c * 100).toFixed(1)} %`}
    </Badge>
  )
}

/** The headline figures, each with its change against the previous period. */
export function StatCards(props: { current?: ReportTotals; before?: ReportTotals }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="md" data-testid="report-stats">
      {STATS.map((s) => (
        <Paper key={s.key} withBorder radius="md" p="md" data-testid={`stat-${s.key}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {s.label}
          </Text>
          {props.current && props.before ? (
            <>
              <Text fw={700} fz={24} lh={1.2} mt={6} data-testid="stat-value">
                {s.format(props.current)}
              </Text>
              <Group gap={6} mt={6} wrap="nowrap">
                <ChangeBadge current={props.current[s.key]} before={props.before[s.key]} inverse={s.inverse} />
                <Text size="xs" c="dimmed" truncate>
                  before: {s.format(props.before)}
                </Text>
              </Group>
            </>
          ) : (
            <Skeleton h={52} mt={6} />
          )}
        </Paper>
      ))}
    </SimpleGrid>
  )
}
