import { Text } from '@mantine/core'
import { useState } from 'react'
import type { SentRequestView } from '../../../../../shared/api/settings/partners'
import { useApiQuery } from '../../../api/hooks'
import { CodePair } from '../../../components/CodePair'
import { formatBody, formatRequest } from '../../../components/format'

/** What a ping/post trace line says of its exchange: the record it names and, for the post, the request it kept. */
export interface TraceExchange {
  kind: 'ping' | 'post'
  record: string | null
  request: SentRequestView | null
}

function sentRequest(value: unknown): SentRequestView | null {
  if (typeof value !== 'object' || value === null) return null
  const r = value as Partial<SentRequestView>
  if (typeof r.method !== 'string' || typeof r.url !== 'string') return null
  return { method: r.method, url: r.url, headers: r.headers ?? {}, body: r.body ?? null }
}

/** The exchange behind a trace line, or null for a line that is not a partner's ping or post. */
export function traceExchange(data: unknown): TraceExchange | null {
  if (typeof data !== 'object' || data === null) return null
  const d = data as Record<string, unknown>
  if (d.kind !== 'ping' && d.kind !== 'post') return null
  const exchange: TraceExchange = {
    kind: d.kind,
    record: typeof d.record === 'string' ? d.record : null,
    request: sentRequest(d.request),
  }
  return exchange.record === null && exchange.request === null ? null : exchange
}

/**
 * A ping/post step that opens onto the exact request sent: the post's from the trace itself, a
 * ping's (and every answer) from the record it names, read only once the step is opened.
 */
export function TraceRequest({ leadId, exchange }: { leadId: number; exchange: TraceExchange }) {
  const [open, setOpen] = useState(false)
  return (
    <details data-testid="trace-request" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-xs)' }}>
        {exchange.kind === 'ping' ? 'Ping request' : 'Post request'}
      </summary>
      {open && <SentAndAnswer leadId={leadId} exchange={exchange} />}
    </details>
  )
}

function SentAndAnswer({ leadId, exchange }: { leadId: number; exchange: TraceExchange }) {
  const records = useApiQuery('leads/pingpostRecords', { id: leadId }, { enabled: exchange.record !== null })
  const record = records.data?.find((r) => r.publicId === exchange.record) ?? null
  const request = exchange.request ?? record?.request ?? null
  if (request === null) {
    const why = records.isPending
      ? 'Loading the request…'
      : records.isError
        ? `The request could not be read: ${records.error.message}`
        : record
          ? 'This record was stored before exact requests were kept.'
          : 'Its ping/post record is no longer stored.'
    return (
      <Text size="xs" c={records.isError ? 'red' : 'dimmed'} mt={4}>
        {why}
      </Text>
    )
  }
  const answer = record
    ? `Answer${record.statusCode !== null ? ` · HTTP ${record.statusCode}` : ''}`
    : records.isPending
      ? 'Answer · loading…'
      : 'Answer'
  return (
    <CodePair
      wrap
      left={{ label: `Sent · ${request.method} ${request.url}`, code: formatRequest(request) }}
      right={{ label: answer, code: formatBody(record?.response ?? null) }}
    />
  )
}
