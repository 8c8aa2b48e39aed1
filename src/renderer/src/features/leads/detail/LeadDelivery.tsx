import { Accordion, Alert, Anchor, Badge, Button, Group, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconExternalLink, IconSend } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { DeliveryAttempt, DeliveryStatus } from '../../../../../shared/api/deliveries'
import type { LeadDetail } from '../../../../../shared/domain/lead'
import { useApiMutation, useApiQuery } from '../../../api/hooks'
import { CodePair } from '../../../components/CodePair'
import { formatBody, formatDateTime } from '../../../components/format'
import { useSession } from '../../auth/session'
import { Section } from './parts'
import { countOf } from '../../../../../shared/text/plural'

/** The latest attempts are enough to see what happened; the Deliveries screen holds the rest. */
const SHOWN_ATTEMPTS = 20

const STATUS: Record<DeliveryStatus, { label: string; color: string; hint: string }> = {
  pending: { label: 'Pending', color: 'yellow', hint: 'Being sent; failed attempts are retried' },
  delivered: { label: 'Delivered', color: 'teal', hint: 'The customer webhook accepted the lead' },
  failed: { label: 'Failed', color: 'red', hint: 'Every retry failed; re-send once the endpoint works' },
}

/**
 * The lead's webhook delivery to its customer: status, attempts with their bodies, and a re-send.
 * Leads that were never sent by webhook show nothing at all.
 */
export function LeadDelivery({ lead }: { lead: LeadDetail }) {
  const session = useSession()
  const attempts = useApiQuery('deliveries/list', { leadId: lead.id, page: 1, pageSize: SHOWN_ATTEMPTS })
  const resend = useApiMutation('deliveries/resend', {
    onSuccess: () => notifications.show({ color: 'teal', message: 'Sent again; the result appears in Delivery' }),
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  })

  // Loading stays quiet too, so a lead without deliveries never flashes an empty section.
  if (attempts.error) {
    return (
      <Section title="Delivery">
        <Alert color="red" variant="light">
          Delivery attempts could not be loaded: {attempts.error.message}
        </Alert>
      </Section>
    )
  }
  const page = attempts.data
  if (!page || page.total === 0) return null
  // Every row carries the lead's current status; the newest comes first.
  const status = page.rows[0]?.deliveryStatus ?? null
  const canResend = session.can('leads.edit') && lead.status === 'Assigned'

  return (
    <div data-testid="lead-delivery">
      <Section title="Delivery">
        <Group justify="space-between" wrap="nowrap" align="center">
          <Group gap="xs" wrap="nowrap">
            {status ? (
              <Tooltip label={STATUS[status].hint}>
                <Badge variant="light" color={STATUS[status].color} data-testid="lead-delivery-status">
                  {STATUS[status].label}
                </Badge>
              </Tooltip>
            ) : (
              // The customer stopped taking webhooks since: the attempts stay as history.
              <Badge variant="outline" color="gray" data-testid="lead-delivery-status">
                Not owed
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {page.total} attempt{page.total === 1 ? '' : 's'}
              {page.rows[0]?.customerName ? ` to ${page.rows[0].customerName}` : ''}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Anchor component={Link} to="/deliveries" size="sm">
              <Group gap={4} wrap="nowrap">
                Deliveries <IconExternalLink size={14} />
              </Group>
            </Anchor>
            {canResend && (
              <Tooltip label="A delivery is under way" disabled={status !== 'pending'}>
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconSend size={14} />}
                  // Retries of a round in progress already resend; a second round would only race them.
                  disabled={status === 'pending'}
                  loading={resend.isPending}
                  onClick={() => resend.mutate({ leadId: lead.id })}
                >
                  Re-send
                </Button>
              </Tooltip>
            )}
          </Group>
        </Group>
        <Accordion multiple variant="contained" chevronPosition="left">
          {page.rows.map((a) => (
            <Accordion.Item key={a.id} value={String(a.id)} data-testid={`delivery-attempt-${a.attempt}`}>
              <Accordion.Control aria-label={`Attempt ${a.attempt}`}>
                <AttemptLine attempt={a} />
              </Accordion.Control>
              <Accordion.Panel>
                <CodePair
                  // An empty body reads as nothing sent or nothing answered.
                  left={{ label: `Sent to ${a.url ?? '—'}`, code: formatBody(a.request || null) }}
                  right={{ label: 'Answer', code: formatBody((a.response ?? a.error) || null) }}
                />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
        {page.total > page.rows.length && (
          <Text size="xs" c="dimmed">
            The latest {page.rows.length} of {countOf(page.total, 'attempt')}; every one is on the Deliveries screen.
          </Text>
        )}
      </Section>
    </div>
  )
}

function AttemptLine({ attempt: a }: { attempt: DeliveryAttempt }) {
  // An HTTP error already reads from its status code; other errors (timeout, network) say what happened.
  const problem = a.ok ? null : a.error && a.error !== `HTTP ${a.statusCode}` ? a.error : 'Failed'
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" fw={500} w={28}>
        #{a.attempt}
      </Text>
      <Text size="sm" c="dimmed" w={170} style={{ whiteSpace: 'nowrap' }}>
        {formatDateTime(a.createdAt)}
      </Text>
      <Text size="sm" w={72} style={{ whiteSpace: 'nowrap' }}>
        {a.statusCode === null ? 'no answer' : `HTTP ${a.statusCode}`}
      </Text>
      <Text size="sm" c="dimmed" w={56} style={{ whiteSpace: 'nowrap' }}>
        {a.latencyMs === null ? '—' : `${a.latencyMs} ms`}
      </Text>
      {problem === null ? (
        <Text size="sm" c="teal">
          OK
        </Text>
      ) : (
        <Text size="sm" c="red" lineClamp={1} style={{ wordBreak: 'break-all' }} title={problem}>
          {problem}
        </Text>
      )}
    </Group>
  )
}
