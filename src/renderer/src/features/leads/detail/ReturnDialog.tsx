import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { RETURN_REASONS, type ReturnReason } from '../../../../../shared/api/leads'
import type { LeadDetail } from '../../../../../shared/domain/lead'
import { useApiMutation } from '../../../api/hooks'
import { formatMoney } from '../../../components/format'

/** Return on behalf of the customer: its wallet gets the charge back; it keeps the lead. */
export function ReturnDialog(props: { lead: LeadDetail; onClose: () => void }) {
  const [reason, setReason] = useState<ReturnReason | null>(null)
  const [note, setNote] = useState('')
  const [tried, setTried] = useState(false)
  const submit = useApiMutation('leads/return', {
    onSuccess: (r) => {
      notifications.show({
        color: 'teal',
        message: `Lead returned; ${formatMoney(r.creditedCents)} credited to ${props.lead.customerName ?? 'the customer'}`,
      })
      props.onClose()
    },
  })
  const noteMissing = reason === 'Other' && !note.trim()
  return (
    <Modal opened onClose={props.onClose} title="Return lead">
      <Stack>
        <Text size="sm">
          {props.lead.customerName ?? 'The customer'} gets {formatMoney(props.lead.chargedCents)} back in its wallet.
          The lead stops counting against the bid&apos;s caps and budget; the customer keeps access to it.
        </Text>
        <Select
          label="Reason"
          placeholder="Pick a reason"
          data={[...RETURN_REASONS]}
          value={reason}
          onChange={(v) => setReason(v as ReturnReason | null)}
          error={tried && !reason ? 'Pick a reason' : undefined}
          withAsterisk
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label="Note"
          description={reason === 'Other' ? 'Required when the reason is “Other”' : 'Optional'}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={tried && noteMissing ? 'Say why the customer returned it' : submit.error?.fields?.note}
          withAsterisk={reason === 'Other'}
          autosize
          minRows={2}
        />
        {submit.error && !submit.error.fields && <Alert color="red">{submit.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            color="grape"
            loading={submit.isPending}
            onClick={() => {
              setTried(true)
              if (!reason || noteMissing) return
              submit.mutate({ id: props.lead.id, reason, note: note.trim() })
            }}
          >
            Return and credit {formatMoney(props.lead.chargedCents)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
