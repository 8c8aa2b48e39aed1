import {
  ActionIcon,
  Alert,
  Code,
  CopyButton,
  Drawer,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { memo, useEffect, useState } from 'react'
import { CONTACT_FIELDS } from '../../../../../shared/domain/lead'
import { useApiMutation, useApiQuery } from '../../../api/hooks'
import { formatDateTime, formatMoney } from '../../../components/format'
import { StatusBadge } from '../../../components/StatusBadge'
import { useSession } from '../../auth/session'
import { DeleteLeadsDialog } from '../bulk/DeleteLeadsDialog'
import { DecisionTrace } from './DecisionTrace'
import { EditLeadForm } from './EditLeadForm'
import { classificationMessage } from './messages'
import { LeadActionsBar } from './LeadActionsBar'
import { LeadDelivery } from './LeadDelivery'
import { KeyValue, Section } from './parts'
import { PingpostRecords } from './PingpostRecords'
import { ReprocessLeadDialog } from './ReprocessLeadDialog'
import { ReturnDialog } from './ReturnDialog'
import { UnknownPostPanel } from './UnknownPostPanel'

import type { LeadDialog as Dialog } from './LeadActionsBar'

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))

/** Memoised: the table's page turns and filters do not render the drawer (open or closed) again. */
export const LeadDetailDrawer = memo(function LeadDetailDrawer(props: {
  leadId: number | null
  onClose: () => void
  /** ↑/↓ (or k/j) open the previous or next lead of the table's page. */
  onStep?: (delta: 1 | -1) => void
}) {
  const { leadId, onStep } = props
  useEffect(() => {
    if (leadId === null || !onStep) return
    const onKey = (e: KeyboardEvent) => {
      // Only the drawer itself may be open: a dialog on top of it owns the keys.
      if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey) return
      if (e.target instanceof HTMLElement && e.target.closest('[role="menu"]')) return
      if (document.querySelectorAll('[role="dialog"]').length > 1) return
      if (e.key === 'ArrowDown' || e.key === 'j') onStep(1)
      else if (e.key === 'ArrowUp' || e.key === 'k') onStep(-1)
      else return
      e.preventDefault()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [leadId, onStep])

  return (
    <Drawer
      opened={props.leadId !== null}
      onClose={props.onClose}
      position="right"
      size={620}
      title={
        <Group gap="xs">
          <Text fw={600}>Lead</Text>
          {onStep && (
            <Text size="xs" c="dimmed">
              ↑/↓ previous / next
            </Text>
          )}
        </Group>
      }
      aria-label="Lead detail"
    >
      {props.leadId !== null && <LeadDetailBody id={props.leadId} onGone={props.onClose} />}
    </Drawer>
  )
})

function LeadDetailBody({ id, onGone }: { id: number; onGone: () => void }) {
  const session = useSession()
  const lead = useApiQuery('leads/get', { id })
  const fields = useApiQuery('leads/fields', { id })
  const fieldOf = (key: string) => fields.data?.find((f) => f.key === key)
  const [editing, setEditing] = useState(false)
  const [formKey, setFormKey] = useState(0)
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const reclassify = useApiMutation('leads/reclassify', {
    onSuccess: (c) => notifications.show({ color: c.changed ? 'blue' : 'gray', message: classificationMessage(c) }),
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  })

  if (lead.isPending) return <Loader size="sm" />
  if (lead.error) return <Alert color="red">{lead.error.message}</Alert>
  const l = lead.data
  const name = [l.firstName, l.lastName].filter(Boolean).join(' ') || 'No name'

  if (editing) {
    return (
      <Stack>
        <Title order={4}>Edit {name}</Title>
        <EditLeadForm
          key={formKey}
          lead={l}
          onReload={() => {
            void lead.refetch().then(() => setFormKey((k) => k + 1))
          }}
          onCancel={() => setEditing(false)}
          onSaved={(stages) => {
            setEditing(false)
            if (session.can('leads.reprocess')) setDialog({ kind: 'reprocess', stages, afterEdit: true })
          }}
        />
      </Stack>
    )
  }

  return (
    <Stack gap="md" data-testid="lead-detail">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={3}>{name}</Title>
            <StatusBadge status={l.status} />
          </Group>
          <Group gap={4}>
            <Code data-testid="lead-uuid">{l.uuid}</Code>
            <CopyButton value={l.uuid}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy UUID'}>
                  <ActionIcon variant="subtle" size="sm" onClick={copy} aria-label="Copy UUID">
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Stack>
      </Group>

      {l.status === 'Outcome Unknown' && <UnknownPostPanel lead={l} />}

      <LeadActionsBar
        lead={l}
        onEdit={() => setEditing(true)}
        onDialog={setDialog}
        onReclassify={() => reclassify.mutate({ id: l.id })}
      />

      <Section title="Contact">
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
          {CONTACT_FIELDS.map((k) => (
            <KeyValue
              key={k}
              label={fieldOf(k)?.label ?? k.replace('_', ' ')}
              value={l.contact[k]}
              note={fieldOf(k)?.deliverable === false ? 'not delivered' : undefined}
            />
          ))}
        </SimpleGrid>
      </Section>

      <Section title="Metadata">
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
          <KeyValue label="Source" value={l.sourceName} />
          <KeyValue label="Category" value={l.categoryName} />
          <KeyValue label="Lead type" value={l.leadTypeName} />
          <KeyValue label="Customer" value={l.customerName} />
          <KeyValue label="Charged" value={l.chargedCents === null ? null : formatMoney(l.chargedCents)} />
          <KeyValue label="Partner" value={l.partnerName} />
          <KeyValue label="Created" value={formatDateTime(l.createdAt)} />
          <KeyValue label="Updated" value={formatDateTime(l.updatedAt)} />
          <KeyValue label="Assigned" value={l.assignedAt === null ? null : formatDateTime(l.assignedAt)} />
          {l.importBatchId !== null && <KeyValue label="Import batch" value={`#${l.importBatchId}`} />}
          {l.returnedAt !== null && <KeyValue label="Returned" value={formatDateTime(l.returnedAt)} />}
          {l.returnReason && <KeyValue label="Return reason" value={l.returnReason} />}
          <KeyValue label="IP address" value={l.clientIp} />
          <KeyValue label="User agent" value={l.userAgent} />
        </SimpleGrid>
      </Section>

      <LeadDelivery lead={l} />

      <Section title="Details">
        {Object.keys(l.details).length === 0 ? (
          <Text size="sm" c="dimmed">
            No details.
          </Text>
        ) : (
          <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
            {Object.entries(l.details).map(([k, v]) => {
              // A phone's extension is kept as `<key>_ext` and delivered with its phone.
              const base = fieldOf(k) ? undefined : fieldOf(k.replace(/_ext$/, ''))
              const phone = base?.type === 'phone' ? base : undefined
              const field = fieldOf(k) ?? phone
              return (
                <KeyValue
                  key={k}
                  label={phone ? `${phone.label} extension` : (field?.label ?? k)}
                  value={v === null || v === undefined ? null : String(v)}
                  // Operators see every field; say which ones a customer never receives.
                  note={field?.deliverable === false ? 'not delivered' : field ? undefined : 'extra'}
                />
              )
            })}
          </SimpleGrid>
        )}
      </Section>

      <PingpostRecords leadId={l.id} />

      <Section title="Decision trace">
        <DecisionTrace leadId={l.id} events={l.events} />
      </Section>

      {dialog?.kind === 'return' && <ReturnDialog lead={l} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reprocess' && (
        <ReprocessLeadDialog
          leadId={l.id}
          stages={dialog.stages}
          title={dialog.afterEdit ? 'Saved. Reprocess the lead now?' : undefined}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteLeadsDialog
          selection={{ ids: [l.id] }}
          count={1}
          onClose={(done) => {
            setDialog(null)
            if (done) onGone()
          }}
        />
      )}
    </Stack>
  )
}
