import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { IconArrowRight, IconPlus, IconTrash } from '@tabler/icons-react'

export interface AliasRow {
  from: string
  to: string
}

export const aliasRows = (aliases: Record<string, string>): AliasRow[] =>
  Object.entries(aliases).map(([from, to]) => ({ from, to }))

/** Rows with both names filled in, as the object the source settings keep. */
export const aliasObject = (rows: AliasRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.from.trim() && r.to.trim()).map((r) => [r.from.trim(), r.to.trim()]))

/** The names a source sends for fields, each mapped to the field key it means (`phone_1` → `phone`). */
export function FieldAliasesInput(props: { rows: AliasRow[]; onChange: (rows: AliasRow[]) => void }) {
  const { rows, onChange } = props
  const set = (i: number, patch: Partial<AliasRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <Stack gap={6}>
      <div>
        <Text size="sm" fw={500}>
          Field aliases
        </Text>
        <Text size="xs" c="dimmed">
          Names this source sends, and the field each one means — in JSON and in form posts
        </Text>
      </div>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No aliases: fields arrive under their own keys.
        </Text>
      )}
      {rows.map((r, i) => (
        <Group key={i} gap={6} wrap="nowrap">
          <TextInput
            aria-label={`Name sent ${i + 1}`}
            placeholder="phone_1"
            value={r.from}
            onChange={(e) => set(i, { from: e.currentTarget.value })}
            maxLength={64}
            style={{ flex: 1 }}
          />
          <IconArrowRight size={16} aria-hidden />
          <TextInput
            aria-label={`Field key ${i + 1}`}
            placeholder="phone"
            value={r.to}
            onChange={(e) => set(i, { to: e.currentTarget.value })}
            maxLength={64}
            style={{ flex: 1 }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove alias ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...rows, { from: '', to: '' }])}
          disabled={rows.length >= 50}
        >
          Add alias
        </Button>
      </Group>
    </Stack>
  )
}
