import { AreaChart, BarChart } from '@mantine/charts'
import { Paper, SimpleGrid, Skeleton, Text } from '@mantine/core'
import { IconChartArea } from '@tabler/icons-react'
import { useMemo } from 'react'
import { LEAD_STATUSES } from '../../../../shared/domain/lead'
import type { ReportSeries } from '../../../../shared/domain/reports'
import { EmptyState } from '../../components/EmptyState'
import { formatMoney } from '../../components/format'
import { STATUS_COLORS } from '../../components/StatusBadge'

function bucketLabel(series: ReportSeries): (at: number) => string {
  const f = new Intl.DateTimeFormat(undefined, {
    timeZone: series.timeZone,
    ...(series.bucket === 'hour'
      ? { hour: '2-digit', minute: '2-digit' }
      : { weekday: 'short', day: 'numeric', month: 'short' }),
  })
  return (at) => f.format(at)
}

/** Leads per hour (one day) or local day, stacked by status; revenue per bucket beside it. */
export function VolumeCharts(props: { series?: ReportSeries }) {
  const { series } = props
  const chart = useMemo(() => {
    if (!series) return null
    const label = bucketLabel(series)
    const present = LEAD_STATUSES.filter((s) => series.points.some((p) => (p.byStatus[s] ?? 0) > 0))
    const data = series.points.map((p) => ({
      at: label(p.at),
      ...Object.fromEntries(present.map((s) => [s, p.byStatus[s] ?? 0])),
      revenue: p.revenueCents / 100,
    }))
    return {
      data,
      series: present.map((s) => ({ name: s, color: `${STATUS_COLORS[s]}.6` })),
      empty: present.length === 0,
    }
  }, [series])

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" mb="md">
      <Paper withBorder radius="md" p="md" data-testid="volume-chart">
        <Text fw={600} mb="sm">
          Leads {series?.bucket === 'hour' ? 'by hour' : 'by day'}, by status
        </Text>
        {!chart ? (
          <Skeleton h={240} />
        ) : chart.empty ? (
          <EmptyState icon={<IconChartArea size={28} />} title="No leads in this period" />
        ) : (
          <AreaChart
            h={240}
            data={chart.data}
            dataKey="at"
            type="stacked"
            series={chart.series}
            withLegend
            withDots={false}
            curveType="monotone"
            fillOpacity={0.5}
            tickLine="none"
            gridAxis="y"
          />
        )}
      </Paper>
      <Paper withBorder radius="md" p="md" data-testid="revenue-chart">
        <Text fw={600} mb="sm">
          Revenue (customers and partners)
        </Text>
        {!chart ? (
          <Skeleton h={240} />
        ) : chart.empty ? (
          <EmptyState icon={<IconChartArea size={28} />} title="No revenue in this period" />
        ) : (
          <BarChart
            h={240}
            data={chart.data}
            dataKey="at"
            series={[{ name: 'revenue', label: 'Revenue', color: 'teal.6' }]}
            valueFormatter={(v) => formatMoney(Math.round(v * 100))}
            tickLine="none"
            gridAxis="y"
          />
        )}
      </Paper>
    </SimpleGrid>
  )
}
