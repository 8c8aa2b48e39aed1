import { Group, Paper, Tabs } from '@mantine/core'
import { IconTable } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import type { ReportRange } from '../../../../shared/api/reports'
import type { ReportBreakdownRow, ReportDimension } from '../../../../shared/domain/reports'
import { EmptyState } from '../../components/EmptyState'
import { formatMoney } from '../../components/format'
import { ExportTableButton } from './ExportTableButton'
import { useReportBreakdown } from './queries'

const TABS: { by: ReportDimension; label: string }[] = [
  { by: 'source', label: 'By source' },
  { by: 'category', label: 'By category' },
  { by: 'leadType', label: 'By lead type' },
  { by: 'customer', label: 'By customer' },
  { by: 'partner', label: 'By partner' },
]

const pct = (x: number) => `${(x * 100).toFixed(1)} %`

function Breakdown(props: { range: ReportRange; by: ReportDimension; print?: boolean }) {
  const query = useReportBreakdown(props.range, props.by)
  const rows = query.data?.rows ?? []
  return (
    <DataTable<ReportBreakdownRow>
      minHeight={rows.length ? undefined : 200}
      records={rows}
      idAccessor="id"
      fetching={query.isPending}
      highlightOnHover
      striped
      emptyState={
        query.isPending ? undefined : (
          <EmptyState icon={<IconTable size={24} />} title={query.error ? 'Could not load' : 'Nothing in this period'}>
            {query.error?.message}
          </EmptyState>
        )
      }
      columns={[
        { accessor: 'name', title: 'Name' },
        { accessor: 'received', title: 'Received', textAlign: 'right', render: (r) => r.received.toLocaleString() },
        { accessor: 'sold', title: 'Sold', textAlign: 'right', render: (r) => r.sold.toLocaleString() },
        { accessor: 'soldRate', title: 'Sold rate', textAlign: 'right', render: (r) => pct(r.soldRate) },
        { accessor: 'revenueCents', title: 'Revenue', textAlign: 'right', render: (r) => formatMoney(r.revenueCents) },
        { accessor: 'returned', title: 'Returns', textAlign: 'right', render: (r) => r.returned.toLocaleString() },
        { accessor: 'returnRate', title: 'Return rate', textAlign: 'right', render: (r) => pct(r.returnRate) },
        {
          accessor: 'avgPriceCents',
          title: 'Avg price',
          textAlign: 'right',
          render: (r) => formatMoney(r.avgPriceCents),
        },
      ]}
    />
  )
}

/** The period's leads and money by source, category, lead type, customer and partner. */
export function BreakdownTables(props: { range: ReportRange }) {
  const [tab, setTab] = useState<ReportDimension>('source')
  return (
    <Paper withBorder radius="md" p="md" mb="md" data-testid="breakdown">
      <Tabs value={tab} onChange={(v) => v && setTab(v as ReportDimension)}>
        <Group justify="space-between" wrap="nowrap">
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Tab key={t.by} value={t.by}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <ExportTableButton range={props.range} table={tab} />
        </Group>
        <div style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
          <Breakdown range={props.range} by={tab} />
        </div>
      </Tabs>
    </Paper>
  )
}
