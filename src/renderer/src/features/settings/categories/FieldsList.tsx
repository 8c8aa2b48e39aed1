import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core'
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { CategoryDetail, FieldDef } from '../../../../../shared/api/settings/categories'
import { useConfirm } from '../shared/confirm'
import { SortableList } from '../shared/SortableList'
import { useSave } from '../shared/useSave'
import { FieldEditor } from './FieldEditor'

export function FieldsList(props: { category: CategoryDetail }) {
  const { category } = props
  const [editing, setEditing] = useState<FieldDef | 'new' | null>(null)
  const reorder = useSave('categories/reorderFields', { areas: ['categories'] })
  const remove = useSave('categories/deleteField', { areas: ['categories'], success: 'Field removed' })
  const [order, setOrder] = useState<FieldDef[] | null>(null)
  const confirm = useConfirm()
  const fields = order ?? category.fields

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>Fields</Text>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          Add field
        </Button>
      </Group>
      <Paper withBorder p="xs">
        <SortableList
          items={fields}
          itemKey={(f) => f.id}
          itemLabel={(f) => f.label}
          disabled={reorder.isPending}
          onReorder={(next) => {
            setOrder(next)
            reorder.mutate(
              { categoryId: category.id, fieldIds: next.map((f) => f.id) },
              { onSettled: () => setOrder(null) },
            )
          }}
          render={(f) => (
            <Group justify="space-between" wrap="nowrap" py={4} data-testid={`field-${f.key}`}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={500}>
                  {f.label}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {f.key}
                </Text>
                <Badge size="xs" variant="outline" color="gray">
                  {f.type}
                </Badge>
                {f.required && (
                  <Badge size="xs" color="blue" variant="light">
                    required
                  </Badge>
                )}
                {!f.deliverable && (
                  <Badge size="xs" color="orange" variant="light">
                    not deliverable
                  </Badge>
                )}
                {f.standard && (
                  <Badge size="xs" color="gray" variant="light">
                    standard
                  </Badge>
                )}
              </Group>
              <Group gap={2} wrap="nowrap">
                <ActionIcon variant="subtle" aria-label={`Edit ${f.label}`} onClick={() => setEditing(f)}>
                  <IconPencil size={16} />
                </ActionIcon>
                <Tooltip label={f.standard ? 'Standard fields are always present' : 'Remove field'}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${f.label}`}
                    disabled={f.standard}
                    onClick={() =>
                      confirm.ask({
                        title: `Remove ${f.label}?`,
                        body: 'Stored leads keep their values; new leads will not carry this field.',
                        confirm: 'Remove',
                        onConfirm: () => remove.mutate({ categoryId: category.id, fieldId: f.id }),
                      })
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
          )}
        />
      </Paper>
      {confirm.element}
      {editing && (
        <FieldEditor
          categoryId={category.id}
          field={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  )
}
