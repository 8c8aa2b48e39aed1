import '@mantine/charts/styles.css'
import './reports.css'
import { Button, Group, SegmentedControl, SimpleGrid, Text } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useLocalStorage } from '@mantine/hooks'
import { IconPrinter } from '@tabler/icons-react'
import { REPORT_PRESETS, type ReportPreset } from '../../../../shared/domain/reports'
import { PageHeader } from '../../components/PageHeader'
import { BreakdownTables } from './BreakdownTables'
import { Forecast } from './Forecast'
import { useReportForecast, useReportReasons, useReportSeries, useReportSummary } from './queries'
import { PRESET_LABELS, useReportRange } from './range'
import { StatCards } from './StatCards'
import { TimeZoneSelect } from './TimeZoneSelect'
import { UnsoldReasons } from './UnsoldReasons'
import { VolumeCharts } from './VolumeCharts'

function periodText(from: number, to: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' })
  return `${f.format(from)} – ${f.format(to)}`
}

/** The morning dashboard: what came in, what sold and for how much, what did not and why, what runs out today. */
export function ReportsPage() {
  const [range, setRange] = useReportRange()
  const [walletLeads, setWalletLeads] = useLocalStorage({ key: 'leadline.reports-wallet-leads', defaultValue: 20 })
  const summary = useReportSummary(range)
  const series = useReportSeries(range)
  const reasons = useReportReasons(range)
  const forecast = useReportForecast(walletLeads)
  const s = summary.data
  return (
    <>
      <PageHeader
        title="Reports"
        description={
          s
            ? `${periodText(s.period.from, s.period.to, s.timeZone)} (${s.timeZone}), against ${periodText(s.previous.from, s.previous.to, s.timeZone)}`
            : 'Leads, sales and money over a period, against the period before.'
        }
        actions={
          <Button
            variant="default"
            className="no-print"
            leftSection={<IconPrinter size={16} />}
            onClick={() => window.print()}
          >
            Print
          </Button>
        }
      />
      <Group mb="md" className="no-print" gap="sm">
        <SegmentedControl
          aria-label="Period"
          value={range.preset ?? 'today'}
          onChange={(v) => {
            const preset = v as ReportPreset
            if (preset !== 'custom') setRange({ preset })
            else {
              const today = new Date().toISOString().slice(0, 10)
              setRange({ preset, from: range.from ?? today, to: range.to ?? today })
            }
          }}
          data={REPORT_PRESETS.map((p) => ({ value: p, label: PRESET_LABELS[p] }))}
        />
        {range.preset === 'custom' && (
          <DatePickerInput
            type="range"
            aria-label="Custom period"
            allowSingleDateInRange
            value={[range.from ?? null, range.to ?? null]}
            onChange={([from, to]) => from && setRange({ preset: 'custom', from, to: to ?? from })}
            w={240}
          />
        )}
        <TimeZoneSelect value={s?.timeZone} />
        {summary.error && (
          <Text c="red" size="sm">
            {summary.error.message}
          </Text>
        )}
      </Group>
      {/* Marks a period whose panels are still loading (or showing the previous period's figures). */}
      <div
        hidden
        data-report-loading={[summary, series, reasons, forecast].some((q) => q.isPending || q.isPlaceholderData)}
      />
      <StatCards current={s?.current} before={s?.before} />
      <VolumeCharts series={series.data} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" mb="md">
        <UnsoldReasons reasons={reasons.data} range={range} />
        <Forecast forecast={forecast.data} walletLeads={walletLeads} onWalletLeads={setWalletLeads} />
      </SimpleGrid>
      <BreakdownTables range={range} />
    </>
  )
}
