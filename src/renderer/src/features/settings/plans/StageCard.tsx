import { ActionIcon, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import type { Stage } from '../../../../../shared/domain/config'
import { STAGE_LABELS } from '../../../../../shared/domain/lead'
import { MoneyInput } from '../shared/MoneyInput'

export const STAGE_HELP: Record<Stage['kind'], string> = {
  bidding: 'Eligible customer bids compete; the highest price wins and the wallet is charged.',
  pingpost: 'Ping partners with the non-contact fields, post the lead to the best bidder.',
  marketplace: 'List the lead at a falling price until a customer buys it or the floor is reached.',
  direct_post: 'Post the lead straight to one partner, without a ping.',
}

export function StageCard(props: {
  stage: Stage
  partners: { value: string; label: string }[]
  onChange: (s: Stage) => void
  onRemove: () => void
}) {
  const { stage: s } = props
  return (
    <Paper withBorder p="sm" mb="xs" role="group" aria-label={`Stage ${STAGE_LABELS[s.kind]}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <div>
            <Text fw={600} size="sm">
              {STAGE_LABELS[s.kind]}
            </Text>
            <Text size="xs" c="dimmed">
              {STAGE_HELP[s.kind]}
            </Text>
          </div>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove stage ${STAGE_LABELS[s.kind]}`}
            onClick={props.onRemove}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
        {s.kind === 'pingpost' && (
          <MultiSelect
            label="Partners to ping"
            placeholder={s.partnerIds.length ? undefined : 'Every active partner'}
            data={props.partners}
            value={s.partnerIds.map(String)}
            onChange={(v) => props.onChange({ ...s, partnerIds: v.map(Number) })}
          />
        )}
        {s.kind === 'direct_post' && (
          <Select
            label="Partner"
            placeholder="Choose a partner"
            data={props.partners}
            value={s.partnerId ? String(s.partnerId) : null}
            onChange={(v) => props.onChange({ ...s, partnerId: Number(v ?? 0) })}
          />
        )}
        {s.kind === 'marketplace' && (
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <MoneyInput
              label="First price"
              value={s.startPriceCents}
              onChange={(v) => props.onChange({ ...s, startPriceCents: v ?? 0 })}
            />
            <MoneyInput
              label="Floor price"
              value={s.floorPriceCents}
              onChange={(v) => props.onChange({ ...s, floorPriceCents: v ?? 0 })}
            />
            <MoneyInput
              label="Drop by"
              value={s.decrementCents}
              onChange={(v) => props.onChange({ ...s, decrementCents: v ?? 0 })}
            />
            <NumberInput
              label="Every (minutes)"
              min={1}
              value={s.intervalMinutes}
              onChange={(v) => props.onChange({ ...s, intervalMinutes: Number(v) || 1 })}
            />
          </SimpleGrid>
        )}
        {s.kind === 'marketplace' && (
          <Select
            label="Unsold at the floor"
            description="Post it to this partner; without one the lead is Unassigned"
            placeholder="Leave Unassigned"
            clearable
            data={props.partners}
            value={s.directPostPartnerId ? String(s.directPostPartnerId) : null}
            onChange={(v) => props.onChange({ ...s, directPostPartnerId: v === null ? null : Number(v) })}
            w={320}
          />
        )}
      </Stack>
    </Paper>
  )
}

export function newStage(kind: Stage['kind'], firstPartner: number | null): Stage {
  switch (kind) {
    case 'bidding':
      return { kind }
    case 'pingpost':
      return { kind, partnerIds: [] }
    case 'marketplace':
      return {
        kind,
        startPriceCents: 2500,
        floorPriceCents: 500,
        decrementCents: 250,
        intervalMinutes: 15,
        directPostPartnerId: null,
      }
    case 'direct_post':
      return { kind, partnerId: firstPartner ?? 0 }
  }
}
