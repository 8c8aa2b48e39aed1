import { Code, Group, Paper, Select, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconHistory, IconSearch } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import type { ActivityEntry } from '../../../../shared/api/activity'
import { useApiQuery } from '../../api/hooks'
import { CodePair } from '../../components/CodePair'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'

/** The audit log: who did what, when, with the before and after of each change. */
export function ActivityPage() {
  const [page, setPage] = useState(1)
  const [action, setAction] = useState<string | null>(null)
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const [expanded, setExpanded] = useState<number[]>([])
  const query = useApiQuery(
    'activity/list',
    { page, pageSize: 50, action: action ?? undefined, search: debounced || undefined },
    { placeholderData: (p) => p },
  )
  return (
    <>
      <PageHeader title="Activity" description="Every operator action, newest first. Click a line for before/after." />
      <Group mb="sm">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder="Search summary or user"
          aria-label="Search activity"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value)
            setPage(1)
          }}
          w={280}
        />
        <Select
          aria-label="Action"
          placeholder="Any action"
          data={query.data?.actions ?? []}
          value={action}
          onChange={(v) => {
            setAction(v)
            setPage(1)
          }}
          clearable
          w={220}
        />
      </Group>
      <Paper withBorder radius="md">
        <DataTable<ActivityEntry>
          minHeight={query.data?.rows.length ? undefined : 300}
          records={query.data?.rows ?? []}
          fetching={query.isPending || query.isPlaceholderData}
          totalRecords={query.data?.total ?? 0}
          page={page}
          onPageChange={setPage}
          recordsPerPage={50}
          highlightOnHover
          emptyState={
            query.isPending || query.isPlaceholderData ? undefined : (
              <EmptyState
                icon={<IconHistory size={28} />}
                title={query.error ? 'Activity could not be loaded' : 'No activity yet'}
              >
                {query.error?.message ?? 'Operator actions are listed here as they happen.'}
              </EmptyState>
            )
          }
          rowExpansion={{
            allowMultiple: true,
            expanded: { recordIds: expanded, onRecordIdsChange: setExpanded },
            content: ({ record }) => (
              <CodePair
                left={{
                  label: 'Before',
                  code: record.before === null ? '—' : JSON.stringify(record.before, null, 2),
                }}
                right={{ label: 'After', code: record.after === null ? '—' : JSON.stringify(record.after, null, 2) }}
              />
            ),
          }}
          columns={[
            { accessor: 'at', title: 'When', width: 190, render: (r) => formatDateTime(r.at) },
            { accessor: 'userName', title: 'Who', width: 160, render: (r) => r.userName ?? 'System' },
            { accessor: 'action', title: 'Action', width: 170, render: (r) => <Code>{r.action}</Code> },
            { accessor: 'summary', title: 'What' },
            {
              accessor: 'targetId',
              title: 'Target',
              width: 120,
              render: (r) => (r.targetId ? `${r.targetType} #${r.targetId}` : r.targetType),
            },
          ]}
        />
      </Paper>
    </>
  )
}
