import { ActionIcon, Badge, Checkbox, Group, Paper, Select, Stack, Switch, Text, TextInput } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import type { FieldOption } from '../shared/ConditionBuilder'
import { ConditionBuilder } from '../shared/ConditionBuilder'
import type { DraftType } from './draft'

export function TypeCard(props: {
  draft: DraftType
  rank: number | null
  fields: FieldOption[]
  plans: { value: string; label: string }[]
  dirty: boolean
  onChange: (d: DraftType) => void
  onRemove: () => void
}) {
  const { draft: d } = props
  const set = (patch: Partial<DraftType>) => props.onChange({ ...d, ...patch })
  return (
    <Paper withBorder p="sm" mb="xs" role="group" aria-label={`Lead type ${d.name || 'new'}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Badge variant="light" color={d.isFallback ? 'grape' : 'teal'} tt="none" miw={76}>
              {d.isFallback ? 'Fallback' : `Priority ${props.rank}`}
            </Badge>
            <TextInput
              aria-label="Type name"
              placeholder="Lead type name"
              value={d.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
              w={260}
            />
            {props.dirty && (
              <Badge size="xs" color="orange" variant="dot">
                unsaved
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Select
              aria-label="Distribution plan"
              placeholder="Category default plan"
              clearable
              data={props.plans}
              value={d.planId === null ? null : String(d.planId)}
              onChange={(v) => set({ planId: v === null ? null : Number(v) })}
              w={210}
            />
            <Checkbox
              label="Fallback"
              checked={d.isFallback}
              onChange={(e) => set({ isFallback: e.currentTarget.checked })}
            />
            <Switch label="Active" checked={d.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Delete ${d.name || 'new type'}`}
              onClick={props.onRemove}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Group>
        {d.isFallback ? (
          <Text size="sm" c="dimmed">
            Takes every lead of the category that no other type matches.
          </Text>
        ) : (
          <ConditionBuilder value={d.conditions} onChange={(conditions) => set({ conditions })} fields={props.fields} />
        )}
      </Stack>
    </Paper>
  )
}
