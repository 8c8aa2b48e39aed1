import { Code, Text, Timeline } from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconCircleDot, IconX } from '@tabler/icons-react'
import type { LeadEvent } from '../../../../../shared/domain/lead'
import { formatDateTime } from '../../../components/format'
import { TraceRequest, traceExchange } from './TraceRequest'

/** Where the lead ended (placed, stopped, failed) stands out; passing checks stay quiet. */
const PLACED = new Set(['assigned', 'posted', 'listed', 'approved', 'returned', 'edited', 'reclassified'])
const STOPPED = new Set(['duplicate', 'audit', 'withheld', 'uncategorized', 'unassigned', 'rejected', 'no_bids'])

function tone(e: LeadEvent): { color: string; icon: React.ReactNode } {
  const kind = e.kind.toLowerCase()
  if (kind === 'error' || kind.endsWith('_error') || kind === 'failed') {
    return { color: 'red', icon: <IconAlertTriangle size={12} /> }
  }
  if (PLACED.has(kind)) return { color: 'teal', icon: <IconCheck size={12} /> }
  if (STOPPED.has(kind)) return { color: 'orange', icon: <IconX size={12} /> }
  if (kind === 'pass') return { color: 'gray', icon: <IconCheck size={12} /> }
  return { color: 'blue', icon: <IconCircleDot size={12} /> }
}

const hasData = (d: unknown) => d !== null && d !== undefined && !(typeof d === 'object' && Object.keys(d).length === 0)

/** The step's data without the request it kept, which reads as headers and body in its own view. */
function withoutRequest(d: unknown): unknown {
  if (typeof d !== 'object' || d === null || !('request' in d)) return d
  const { request: _request, ...rest } = d as Record<string, unknown>
  return rest
}

/** Why the lead ended where it did: one line per step, oldest first. */
export function DecisionTrace({ leadId, events }: { leadId: number; events: LeadEvent[] }) {
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No distribution steps recorded yet.
      </Text>
    )
  }
  return (
    <Timeline bulletSize={20} lineWidth={2} aria-label="Decision trace" data-testid="decision-trace">
      {events.map((e) => {
        const t = tone(e)
        const exchange = traceExchange(e.data)
        const data = exchange ? withoutRequest(e.data) : e.data
        return (
          <Timeline.Item
            key={e.id}
            bullet={t.icon}
            color={t.color}
            title={
              // One line per bid or partner: the engine writes the reasons on separate lines.
              <Text size="sm" fw={500} style={{ whiteSpace: 'pre-line' }}>
                {e.message}
              </Text>
            }
          >
            <Text size="xs" c="dimmed">
              {e.stage} · {e.kind} · {formatDateTime(e.at)}
            </Text>
            {exchange && <TraceRequest leadId={leadId} exchange={exchange} />}
            {hasData(data) && (
              <details>
                <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-xs)' }}>Details</summary>
                <Code block fz="xs" mt={4}>
                  {JSON.stringify(data, null, 2)}
                </Code>
              </details>
            )}
          </Timeline.Item>
        )
      })}
    </Timeline>
  )
}
