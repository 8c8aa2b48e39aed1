import { Badge, Button, Code, Group, Paper, SegmentedControl, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconSend } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import type { DeliveryAttempt, DeliveryStatus } from '../../../../shared/api/deliveries'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { CodePair } from '../../components/CodePair'
import { formatBody, formatDateTime } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'
import { useSession } from '../auth/session'

type View = DeliveryStatus | 'all'

const VIEWS: { value: View; label: string }[] = [
  { value: 'failed', label: 'Failed' },
  { value: 'pending', label: 'Retrying' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'all', label: 'Every attempt' },
]

const EMPTY: Record<View, string> = {
  failed: 'No delivery has failed. Leads whose webhook never answered after every retry appear here.',
  pending: 'Nothing is waiting for a retry.',
  delivered: 'No lead has been delivered by webhook yet.',
  all: 'Webhook attempts appear here once assigned leads are sent to customers.',
}

const STATUS_COLOR: Record<DeliveryStatus, string> = { failed: 'red', pending: 'yellow', delivered: 'teal' }

/** Webhook deliveries to customers: what failed, what is being retried, and a re-send. */
export function DeliveriesPage() {
  const session = useSession()
  const [view, setView] = useState<View>('failed')
  const [page, setPage] = useState(1)
  const [expanded, setExpanded] = useState<number[]>([])
  const query = useApiQuery(
    'deliveries/list',
    { status: view === 'all' ? undefined : view, page, pageSize: 50 },
    { placeholderData: (p) => p },
  )
  const resend = useApiMutation('deliveries/resend', {
    onSuccess: () => notifications.show({ color: 'teal', message: 'Sent again; the result appears here' }),
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  })
  // Re-sending is offered once per lead (its latest attempt), not on every line of the full history.
  const canResend = session.can('leads.edit') && view !== 'all'

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Assigned leads sent to customer webhooks. Failed deliveries can be sent again."
      />
      <Group mb="sm">
        <SegmentedControl
          aria-label="Deliveries to show"
          value={view}
          onChange={(v) => {
            setView(VIEWS.find((x) => x.value === v)?.value ?? 'failed')
            setPage(1)
            setExpanded([])
          }}
          data={VIEWS}
        />
      </Group>
      <Paper withBorder radius="md">
        <DataTable<DeliveryAttempt>
          minHeight={query.data?.rows.length ? undefined : 300}
          records={query.data?.rows ?? []}
          fetching={query.isFetching}
          totalRecords={query.data?.total ?? 0}
          page={page}
          onPageChange={setPage}
          recordsPerPage={50}
          highlightOnHover
          idAccessor="id"
          customRowAttributes={(r) => ({ 'data-testid': `delivery-row-${r.leadId}` })}
          emptyState={
            query.isFetching ? undefined : (
              <EmptyState
                icon={<IconSend size={28} />}
                title={query.error ? 'Deliveries could not be loaded' : 'Nothing here'}
              >
                {query.error?.message ?? EMPTY[view]}
              </EmptyState>
            )
          }
          rowExpansion={{
            allowMultiple: true,
            expanded: { recordIds: expanded, onRecordIdsChange: setExpanded },
            content: ({ record }) => (
              <CodePair
                // An empty body reads as nothing sent or nothing answered.
                left={{ label: `Sent to ${record.url ?? '—'}`, code: formatBody(record.request || null) }}
                right={{ label: 'Answer', code: formatBody((record.response ?? record.error) || null) }}
              />
            ),
          }}
          columns={[
            {
              accessor: 'createdAt',
              title: 'When',
              width: 200,
              noWrap: true,
              render: (r) => formatDateTime(r.createdAt),
            },
            { accessor: 'leadUuid', title: 'Lead', render: (r) => <Code fz="xs">{r.leadUuid}</Code> },
            { accessor: 'customerName', title: 'Customer', render: (r) => r.customerName ?? '—' },
            { accessor: 'attempt', title: 'Attempt', width: 90, textAlign: 'right' },
            {
              accessor: 'ok',
              title: 'Result',
              width: 170,
              render: (r) =>
                r.ok ? (
                  <Text size="sm">
                    HTTP {r.statusCode} · {r.latencyMs ?? '—'} ms
                  </Text>
                ) : (
                  <Text size="sm" c="red">
                    {r.error ?? 'failed'}
                  </Text>
                ),
            },
            {
              accessor: 'deliveryStatus',
              title: 'Lead delivery',
              width: 130,
              render: (r) =>
                r.deliveryStatus ? (
                  <Badge variant="light" color={STATUS_COLOR[r.deliveryStatus]}>
                    {r.deliveryStatus === 'pending' ? 'retrying' : r.deliveryStatus}
                  </Badge>
                ) : (
                  '—'
                ),
            },
            {
              accessor: 'actions',
              title: '',
              width: 124,
              hidden: !canResend,
              render: (r) =>
                canResend && r.deliveryStatus !== 'pending' ? (
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconSend size={14} />}
                    loading={resend.isPending && resend.variables?.leadId === r.leadId}
                    onClick={(e) => {
                      e.stopPropagation()
                      resend.mutate({ leadId: r.leadId })
                    }}
                    aria-label={`Re-send lead ${r.leadUuid}`}
                  >
                    Re-send
                  </Button>
                ) : null,
            },
          ]}
        />
      </Paper>
    </>
  )
}
