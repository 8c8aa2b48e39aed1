import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconHelpHexagon } from '@tabler/icons-react'
import { useState } from 'react'
import type { LeadDetail } from '../../../../../shared/domain/lead'
import { useApiMutation, useApiQuery } from '../../../api/hooks'
import { formatMoney } from '../../../components/format'
import { useSession } from '../../auth/session'
import { MoneyInput } from '../../settings/shared/MoneyInput'

/**
 * A lead whose post may have sold it: nothing posts it again until an operator, having asked the
 * partner, says whether it took the lead.
 */
export function UnknownPostPanel({ lead }: { lead: LeadDetail }) {
  const session = useSession()
  const records = useApiQuery('leads/pingpostRecords', { id: lead.id })
  const post = records.data
    ?.filter((r) => r.direction === 'outbound' && r.kind === 'post' && r.outcome === 'unknown')
    .at(-1)
  const partner = lead.partnerName ?? post?.partnerName ?? 'the partner'
  const [dialog, setDialog] = useState<'sold' | 'not_sold' | null>(null)
  return (
    <Alert
      color="lime"
      variant="light"
      icon={<IconHelpHexagon size={18} />}
      title={`Post to ${partner}: outcome unknown`}
      data-testid="unknown-post"
    >
      <Stack gap="xs">
        <Text size="sm">
          {post?.response ? `${post.response.replace(/^outcome unknown — /, 'No usable answer: ')}. ` : ''}
          {partner} may have taken the lead, so it is not posted again on its own. Ask {partner}, then record the
          answer.
        </Text>
        {session.can('leads.settle') ? (
          <Group gap="xs">
            <Button size="xs" color="cyan" onClick={() => setDialog('sold')}>
              Sold to {partner}
            </Button>
            <Button size="xs" variant="default" onClick={() => setDialog('not_sold')}>
              Not sold
            </Button>
          </Group>
        ) : (
          <Text size="xs" c="dimmed">
            Your role cannot decide post outcomes.
          </Text>
        )}
      </Stack>
      {dialog === 'sold' && (
        <SoldDialog
          leadId={lead.id}
          partner={partner}
          bidCents={post?.priceCents ?? null}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'not_sold' && <NotSoldDialog leadId={lead.id} partner={partner} onClose={() => setDialog(null)} />}
    </Alert>
  )
}

function SoldDialog(props: { leadId: number; partner: string; bidCents: number | null; onClose: () => void }) {
  const [price, setPrice] = useState<number | null>(props.bidCents)
  const settle = useApiMutation('leads/settlePost', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: `Lead marked sold to ${props.partner}` })
      props.onClose()
    },
  })
  return (
    <Modal opened onClose={props.onClose} title={`Sold to ${props.partner}`}>
      <Stack>
        <Text size="sm">
          The lead becomes Posted to {props.partner} and the price counts as partner revenue.
          {props.bidCents !== null && ` ${props.partner} bid ${formatMoney(props.bidCents)} on the ping.`}
        </Text>
        <MoneyInput
          label="Price the partner pays"
          description={
            props.bidCents === null ? 'Leave empty when it is not known' : 'Change it if they agreed another price'
          }
          value={price}
          onChange={setPrice}
          data-autofocus
        />
        {settle.error && <Alert color="red">{settle.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            color="cyan"
            loading={settle.isPending}
            onClick={() => settle.mutate({ id: props.leadId, decision: 'sold', priceCents: price })}
          >
            Mark sold{price !== null ? ` at ${formatMoney(price)}` : ''}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function NotSoldDialog(props: { leadId: number; partner: string; onClose: () => void }) {
  const settle = useApiMutation('leads/settlePost', {
    onSuccess: (r) => {
      notifications.show({ color: 'blue', message: `Not sold to ${props.partner}; the lead is now ${r.status}` })
      props.onClose()
    },
  })
  return (
    <Modal opened onClose={props.onClose} title={`Not sold to ${props.partner}`}>
      <Stack>
        <Text size="sm">
          {props.partner} did not take the lead. It continues through the rest of its distribution plan now.
        </Text>
        {settle.error && <Alert color="red">{settle.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            loading={settle.isPending}
            onClick={() => settle.mutate({ id: props.leadId, decision: 'not_sold', priceCents: null })}
            data-autofocus
          >
            Mark not sold and continue
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
