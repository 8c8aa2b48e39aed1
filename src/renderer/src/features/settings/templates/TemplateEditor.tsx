import { ActionIcon, Button, Checkbox, Group, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import type { TemplateFieldInfo } from '../../../../../shared/api/settings/partners'
import {
  LEAD_VALUE_LABELS,
  type LeadValue,
  type RequestTemplate,
  type TemplateEntry,
} from '../../../../../shared/domain/template'
import { fromLines, toLines } from '../shared/keyValueLines'
import { TRANSFORM_OPTIONS, transformFrom, transformValue } from './transformOptions'
import { MONO_INPUT } from '../shared/monoInput'

const SOURCES = [
  { value: 'field', label: 'Lead field' },
  { value: 'fixed', label: 'Fixed value' },
  { value: 'lead', label: 'About the lead' },
]

/**
 * Edits one request template: each row is a key the buyer expects and where its value comes from
 * (a lead field, a fixed value, or what Leadline knows about the lead), with an optional
 * transform and a value for when the lead has none. Problems the main process found are shown
 * on the row they concern (`<errorPrefix>.entries.<i>.<key|value|transform>`).
 */
export function TemplateEditor(props: {
  label: string
  template: RequestTemplate
  onChange: (t: RequestTemplate) => void
  fields: TemplateFieldInfo[]
  leadValues: readonly LeadValue[]
  errors: Record<string, string>
  errorPrefix: string
  allFieldsLabel: string
  /** Fields the request never carries, shown but not offered (contact data in a ping). */
  hiddenFields?: ReadonlySet<string>
}) {
  const { template } = props
  const setEntry = (i: number, patch: Partial<TemplateEntry>) =>
    props.onChange({ ...template, entries: template.entries.map((e, j) => (j === i ? { ...e, ...patch } : e)) })
  const fieldOptions = props.fields
    .filter((f) => !props.hiddenFields?.has(f.key))
    .map((f) => ({ value: f.key, label: `${f.key} · ${f.types.join(' / ')}` }))
  const leadOptions = props.leadValues.map((v) => ({ value: v, label: LEAD_VALUE_LABELS[v] }))
  const error = (i: number, part: string) => props.errors[`${props.errorPrefix}.entries.${i}.${part}`]

  return (
    <Stack gap="xs">
      <Table withTableBorder verticalSpacing={4} aria-label={props.label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="22%">Key</Table.Th>
            <Table.Th w="15%">From</Table.Th>
            <Table.Th w="22%">Value</Table.Th>
            <Table.Th w="22%">Transform</Table.Th>
            <Table.Th w="14%">When empty</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {template.entries.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm" c="dimmed" ta="center" py="xs">
                  No keys yet{template.allFields ? ': every lead field is sent under its own name' : ''}.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {template.entries.map((e, i) => (
            <Table.Tr key={i} data-testid={`template-row-${i}`}>
              <Table.Td>
                <TextInput
                  size="xs"
                  styles={MONO_INPUT}
                  aria-label={`Key ${i + 1}`}
                  value={e.key}
                  error={error(i, 'key')}
                  onChange={(ev) => setEntry(i, { key: ev.currentTarget.value })}
                />
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label={`From ${i + 1}`}
                  data={SOURCES}
                  value={e.source}
                  allowDeselect={false}
                  onChange={(v) =>
                    setEntry(i, {
                      source: v === 'fixed' || v === 'lead' ? v : 'field',
                      value: v === 'lead' ? (props.leadValues[0] ?? 'uuid') : '',
                      transform: null,
                    })
                  }
                />
              </Table.Td>
              <Table.Td>
                {e.source === 'fixed' ? (
                  <TextInput
                    size="xs"
                    aria-label={`Value ${i + 1}`}
                    value={e.value}
                    error={error(i, 'value')}
                    onChange={(ev) => setEntry(i, { value: ev.currentTarget.value })}
                  />
                ) : (
                  <Select
                    size="xs"
                    searchable
                    aria-label={`Value ${i + 1}`}
                    placeholder={e.source === 'field' ? 'Lead field' : undefined}
                    data={
                      e.source === 'field'
                        ? fieldOptions.some((o) => o.value === e.value) || !e.value
                          ? fieldOptions
                          : [...fieldOptions, { value: e.value, label: e.value }]
                        : leadOptions
                    }
                    value={e.value || null}
                    error={error(i, 'value')}
                    onChange={(v) => setEntry(i, { value: v ?? '' })}
                  />
                )}
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  <Select
                    size="xs"
                    clearable
                    aria-label={`Transform ${i + 1}`}
                    placeholder="As it is"
                    data={TRANSFORM_OPTIONS}
                    value={transformValue(e.transform) || null}
                    error={error(i, 'transform')}
                    onChange={(v) => setEntry(i, { transform: transformFrom(v, e.transform) })}
                  />
                  {e.transform?.kind === 'map' && (
                    <Textarea
                      size="xs"
                      styles={MONO_INPUT}
                      autosize
                      minRows={2}
                      aria-label={`Value map ${i + 1}`}
                      placeholder={'excellent = A\ngood = B'}
                      defaultValue={toLines(e.transform.values, ' = ')}
                      onBlur={(ev) =>
                        setEntry(i, { transform: { kind: 'map', values: fromLines(ev.currentTarget.value, '=') } })
                      }
                    />
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`When empty ${i + 1}`}
                  placeholder="left out"
                  value={e.fallback ?? ''}
                  onChange={(ev) =>
                    setEntry(i, { fallback: ev.currentTarget.value === '' ? null : ev.currentTarget.value })
                  }
                />
              </Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove key ${i + 1}`}
                  onClick={() => props.onChange({ ...template, entries: template.entries.filter((_, j) => j !== i) })}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Checkbox
          size="xs"
          label={props.allFieldsLabel}
          checked={template.allFields}
          onChange={(ev) => props.onChange({ ...template, allFields: ev.currentTarget.checked })}
        />
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            props.onChange({
              ...template,
              entries: [...template.entries, { key: '', source: 'field', value: '', transform: null, fallback: null }],
            })
          }
        >
          Add key
        </Button>
      </Group>
    </Stack>
  )
}
