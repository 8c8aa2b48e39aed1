import { Code, Text, Timeline } from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconCircleDot, IconX } from '@tabler/icons-react'
import type { LeadEvent } from '../../../../../shared/domain/lead'
import { formatDateTime } from '../../../components/format'

/** The engine's event kinds, read loosely: a failure, a placement, a rejection, or a plain step. */
function tone(e: LeadEvent): { color: string; icon: React.ReactNode } {
  const k = `${e.kind} ${e.stage}`.toLowerCase()
  if (/error|fail/.test(k)) return { color: 'red', icon: <IconAlertTriangle size={12} /> }
  if (/skip|reject|ineligible|declin|not_|no_|duplicate/.test(k)) return { color: 'gray', icon: <IconX size={12} /> }
  if (/assign|post|win|sold|approve|return/.test(k)) return { color: 'teal', icon: <IconCheck size={12} /> }
  return { color: 'blue', icon: <IconCircleDot size={12} /> }
}

const hasData = (d: unknown) => d !== null && d !== undefined && !(typeof d === 'object' && Object.keys(d).length === 0)

/** Why the lead ended where it did: one line per step, oldest first. */
export function DecisionTrace({ events }: { events: LeadEvent[] }) {
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
        return (
          <Timeline.Item
            key={e.id}
            bullet={t.icon}
            color={t.color}
            title={
              <Text size="sm" fw={500}>
                {e.message}
              </Text>
            }
          >
            <Text size="xs" c="dimmed">
              {e.stage} · {e.kind} · {formatDateTime(e.at)}
            </Text>
            {hasData(e.data) && (
              <details>
                <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-xs)' }}>Details</summary>
                <Code block fz="xs" mt={4}>
                  {JSON.stringify(e.data, null, 2)}
                </Code>
              </details>
            )}
          </Timeline.Item>
        )
      })}
    </Timeline>
  )
}
