import {
  Alert,
  Badge,
  Button,
  Group,
  Kbd,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft, IconArrowRight, IconCheck, IconClipboardCheck, IconX } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import type { AuditItem } from '../../../../shared/api/audit'
import { CONTACT_FIELDS } from '../../../../shared/domain/lead'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'
import { useSession } from '../auth/session'
import { useLeadPresence } from '../client/presence'
import { useClientStatus } from '../client/queries'
import { SentDecisions } from '../client/SentDecisions'
import { KeyValue } from '../leads/detail/parts'

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))

/** Leads stopped by an audit condition, one at a time: A approves, R rejects, ←/→ move. */
export function AuditQueuePage() {
  const session = useSession()
  const canDecide = session.can('leads.edit')
  const queue = useApiQuery('audit/queue', { limit: 200 })
  const [index, setIndex] = useState(0)
  const [rejecting, setRejecting] = useState<AuditItem | null>(null)
  const items = useMemo(() => queue.data?.items ?? [], [queue.data])
  const current = items[Math.min(index, items.length - 1)]
  const fields = useApiQuery('leads/fields', { id: current?.id ?? 0 }, { enabled: current !== undefined })
  const labelOf = (key: string) => fields.data?.find((f) => f.key === key)?.label ?? key.replace('_', ' ')
  const approve = useApiMutation('audit/approve', {
    onSuccess: (r) =>
      notifications.show({
        color: 'teal',
        message: r.queued ? 'Approved: sent when the team server is back' : `Approved: the lead is now ${r.status}`,
      }),
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  })
  const busy = approve.isPending
  const server = useClientStatus()
  const viewers = useLeadPresence(current?.id ?? null, session.user.id)

  useEffect(() => {
    const s = { current, items, busy, canDecide, rejecting }
    const onKey = (e: KeyboardEvent) => {
      if (s.rejecting || typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return
      if (document.querySelector('[role="dialog"]')) return
      if (e.key === 'ArrowRight') setIndex((i) => Math.min(s.items.length - 1, i + 1))
      else if (e.key === 'ArrowLeft') setIndex((i) => Math.max(0, i - 1))
      else if ((e.key === 'a' || e.key === 'A') && s.current && s.canDecide && !s.busy)
        approve.mutate({ id: s.current.id })
      else if ((e.key === 'r' || e.key === 'R') && s.current && s.canDecide && !s.busy) {
        e.preventDefault()
        setRejecting(s.current)
      } else return
      e.preventDefault()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [approve, current, items, busy, canDecide, rejecting])

  return (
    <>
      <PageHeader
        title="Audit queue"
        description="Leads stopped for review, oldest first. Approving continues distribution; rejecting leaves them Unassigned."
        actions={
          <Group gap={6}>
            <Kbd>A</Kbd>
            <Text size="xs">approve</Text>
            <Kbd>R</Kbd>
            <Text size="xs">reject</Text>
            <Kbd>←</Kbd>
            <Kbd>→</Kbd>
            <Text size="xs">move</Text>
          </Group>
        }
      />
      {queue.isPending && <Loader />}
      {queue.error && <Alert color="red">{queue.error.message}</Alert>}
      {queue.data && !current && (
        <EmptyState icon={<IconClipboardCheck size={28} />} title="Nothing to review">
          Leads stopped by an audit condition appear here.
        </EmptyState>
      )}
      {current && (
        <Paper withBorder radius="md" p="lg" data-testid="audit-item">
          <Stack>
            <Group justify="space-between">
              <Group gap="xs">
                <Title order={3}>
                  {[current.contact.first_name, current.contact.last_name].filter(Boolean).join(' ') || 'No name'}
                </Title>
                <Badge variant="light" color="violet">
                  Audit
                </Badge>
              </Group>
              <Text size="sm" c="dimmed" data-testid="audit-position">
                {Math.min(index, items.length - 1) + 1} of {queue.data?.total ?? items.length}
              </Text>
            </Group>
            {viewers.length > 0 && (
              <Alert color="yellow" variant="light" data-testid="audit-presence">
                {viewers.join(', ')} {viewers.length === 1 ? 'is' : 'are'} reviewing this lead too
              </Alert>
            )}
            <Alert color="violet" title="Stopped by" data-testid="audit-reason">
              {current.reason}
            </Alert>
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
              <KeyValue label="Source" value={current.sourceName} />
              <KeyValue label="Category" value={current.categoryName} />
              <KeyValue label="Lead type" value={current.leadTypeName} />
              <KeyValue label="Received" value={formatDateTime(current.createdAt)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 2, md: 3 }} spacing="xs">
              {CONTACT_FIELDS.map((k) => (
                <KeyValue key={k} label={labelOf(k)} value={current.contact[k]} />
              ))}
              {Object.entries(current.details).map(([k, v]) => (
                <KeyValue key={k} label={labelOf(k)} value={v === null || v === undefined ? null : String(v)} />
              ))}
            </SimpleGrid>
            <Group justify="space-between">
              <Group gap="xs">
                <Button
                  variant="default"
                  leftSection={<IconArrowLeft size={16} />}
                  disabled={index === 0}
                  onClick={() => setIndex((i) => Math.max(0, i - 1))}
                >
                  Previous
                </Button>
                <Button
                  variant="default"
                  rightSection={<IconArrowRight size={16} />}
                  disabled={index >= items.length - 1}
                  onClick={() => setIndex((i) => Math.min(items.length - 1, i + 1))}
                >
                  Next
                </Button>
              </Group>
              {canDecide ? (
                <Group gap="xs">
                  <Button
                    color="red"
                    variant="light"
                    leftSection={<IconX size={16} />}
                    onClick={() => setRejecting(current)}
                  >
                    Reject (R)
                  </Button>
                  <Button
                    color="teal"
                    leftSection={<IconCheck size={16} />}
                    loading={busy}
                    onClick={() => approve.mutate({ id: current.id })}
                  >
                    Approve (A)
                  </Button>
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  Your role can review but not decide.
                </Text>
              )}
            </Group>
          </Stack>
        </Paper>
      )}
      {server && <SentDecisions status={server} />}
      {rejecting && <RejectDialog item={rejecting} onClose={() => setRejecting(null)} />}
    </>
  )
}

function RejectDialog(props: { item: AuditItem; onClose: () => void }) {
  const [reason, setReason] = useState('')
  const reject = useApiMutation('audit/reject', {
    onSuccess: (r) => {
      notifications.show({
        color: 'gray',
        message: r.queued ? 'Rejected: sent when the team server is back' : `Rejected: the lead is now ${r.status}`,
      })
      props.onClose()
    },
  })
  return (
    <Modal opened onClose={props.onClose} title="Reject lead">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (reason.trim()) reject.mutate({ id: props.item.id, reason: reason.trim() })
        }}
      >
        <Stack>
          <TextInput
            label="Why is it rejected?"
            description="Enter rejects; the reason goes into the lead's trace."
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reject.error?.fields?.reason}
          />
          {reject.error && !reject.error.fields && <Alert color="red">{reject.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!reason.trim()} loading={reject.isPending}>
              Reject
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
