import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { RETURN_REASONS, type ReturnReason } from '../../../../../shared/api/leads'
import type { LeadDetail } from '../../../../../shared/domain/lead'
import { useApiMutation } from '../../../api/hooks'
import { formatMoney } from '../../../components/format'
import { MoneyInput } from '../../settings/shared/MoneyInput'

/**
 * Return on behalf of the buyer. A customer's wallet gets the charge back and it keeps the lead; a
 * partner's return (a Posted lead) reverses the partner revenue by the amount it took back.
 */
export function ReturnDialog(props: { lead: LeadDetail; onClose: () => void }) {
  const partner = props.lead.status === 'Posted'
  const buyer = partner ? (props.lead.partnerName ?? 'The partner') : (props.lead.customerName ?? 'The customer')
  const paid = props.lead.chargedCents ?? 0
  const [reason, setReason] = useState<ReturnReason | null>(null)
  const [note, setNote] = useState('')
  const [amount, setAmount] = useState<number | null>(paid)
  const [tried, setTried] = useState(false)
  const submit = useApiMutation('leads/return', {
    onSuccess: (r) => {
      notifications.show({
        color: 'teal',
        message: partner
          ? `Lead returned; ${formatMoney(r.reversedCents)} of ${buyer} revenue reversed`
          : `Lead returned; ${formatMoney(r.creditedCents)} credited to ${buyer}`,
      })
      props.onClose()
    },
  })
  const noteMissing = reason === 'Other' && !note.trim()
  const amountWrong = partner && (amount === null || amount > paid)
  return (
    <Modal opened onClose={props.onClose} title={partner ? `Returned by ${buyer}` : 'Return lead'}>
      <Stack>
        <Text size="sm">
          {partner
            ? `${buyer} gives the lead back. It paid ${formatMoney(paid)}; the amount it takes back is reversed from its revenue.`
            : `${buyer} gets ${formatMoney(paid)} back in its wallet. The lead stops counting against the bid's caps and budget; the customer keeps access to it.`}
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
          error={
            tried && noteMissing
              ? `Say why ${partner ? 'the partner' : 'the customer'} returned it`
              : submit.error?.fields?.note
          }
          withAsterisk={reason === 'Other'}
          autosize
          minRows={2}
        />
        {partner && (
          <MoneyInput
            label="Amount reversed"
            description={`At most ${formatMoney(paid)}, the price ${buyer} paid`}
            value={amount}
            onChange={setAmount}
            error={
              tried && amountWrong ? `Enter an amount up to ${formatMoney(paid)}` : submit.error?.fields?.amountCents
            }
            withAsterisk
          />
        )}
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
              if (!reason || noteMissing || amountWrong) return
              submit.mutate({
                id: props.lead.id,
                reason,
                note: note.trim(),
                amountCents: partner ? amount : null,
              })
            }}
          >
            {partner ? `Return and reverse ${formatMoney(amount ?? 0)}` : `Return and credit ${formatMoney(paid)}`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
