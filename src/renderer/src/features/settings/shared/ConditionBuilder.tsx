import {
  ActionIcon,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import {
  type Condition,
  type ConditionGroup,
  CONDITION_OPERATORS,
  type ConditionOperator,
  OPERATOR_LABELS,
} from '../../../../../shared/domain/config'

export interface FieldOption {
  value: string
  label: string
}

const NO_VALUE: ConditionOperator[] = ['is_empty', 'not_empty']
const isOperator = (v: string | null): v is ConditionOperator =>
  (CONDITION_OPERATORS as readonly (string | null)[]).includes(v)
const OPERATOR_DATA = CONDITION_OPERATORS.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))

function isGroup(c: Condition | ConditionGroup): c is ConditionGroup {
  return 'match' in c
}

/** Numbers typed into a value box stay numbers, so "greater than 2" compares numerically. */
function typed(text: string): string | number {
  const t = text.trim()
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : text
}

function asList(value: Condition['value']): string[] {
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

/** Keeps what was typed when the operator changes, reshaped to what the new operator takes. */
function withOperator(c: Condition, op: ConditionOperator): Condition {
  if (NO_VALUE.includes(op)) return { field: c.field, op }
  if (op === 'in')
    return {
      field: c.field,
      op,
      value: asList(c.value)
        .filter((v) => v !== '')
        .map(typed),
    }
  if (op === 'between') return { field: c.field, op, value: asList(c.value).slice(0, 2).map(typed) }
  const first = Array.isArray(c.value) ? c.value[0] : c.value
  return { field: c.field, op, value: first ?? '' }
}

function ValueInput(props: { condition: Condition; onChange: (c: Condition) => void }) {
  const { condition: c } = props
  if (NO_VALUE.includes(c.op)) return <div style={{ flex: 1 }} />
  if (c.op === 'in')
    return (
      <TagsInput
        aria-label="Values"
        placeholder="Type a value, press Enter"
        value={asList(c.value)}
        onChange={(v) => props.onChange({ ...c, value: v.map(typed) })}
        style={{ flex: 1 }}
      />
    )
  if (c.op === 'between') {
    const [lo = '', hi = ''] = asList(c.value)
    return (
      <Group gap={4} style={{ flex: 1 }} wrap="nowrap">
        <TextInput
          aria-label="From"
          placeholder="from"
          value={lo}
          onChange={(e) => props.onChange({ ...c, value: [typed(e.currentTarget.value), typed(hi)] })}
        />
        <Text size="sm">and</Text>
        <TextInput
          aria-label="To"
          placeholder="to"
          value={hi}
          onChange={(e) => props.onChange({ ...c, value: [typed(lo), typed(e.currentTarget.value)] })}
        />
      </Group>
    )
  }
  return (
    <TextInput
      aria-label="Value"
      placeholder={c.op === 'regex' ? 'pattern, e.g. ^9[0-6]' : 'value'}
      value={asList(c.value)[0] ?? ''}
      onChange={(e) => props.onChange({ ...c, value: typed(e.currentTarget.value) })}
      style={{ flex: 1 }}
    />
  )
}

function ConditionRow(props: {
  condition: Condition
  fields: FieldOption[]
  onChange: (c: Condition) => void
  onRemove: () => void
}) {
  const { condition: c } = props
  const known = props.fields.some((f) => f.value === c.field)
  const data = known || !c.field ? props.fields : [...props.fields, { value: c.field, label: c.field }]
  return (
    <Group gap="xs" wrap="nowrap" data-testid="condition-row">
      <Select
        aria-label="Field"
        placeholder="Field"
        data={data}
        value={c.field || null}
        allowDeselect={false}
        searchable
        onChange={(v) => props.onChange({ ...c, field: v ?? '' })}
        w={180}
      />
      <Select
        aria-label="Operator"
        data={OPERATOR_DATA}
        value={c.op}
        allowDeselect={false}
        onChange={(v) => {
          props.onChange(withOperator(c, isOperator(v) ? v : 'equals'))
        }}
        w={170}
      />
      <ValueInput condition={c} onChange={props.onChange} />
      <ActionIcon variant="subtle" color="red" aria-label="Remove condition" onClick={props.onRemove}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  )
}

function GroupEditor(props: {
  group: ConditionGroup
  fields: FieldOption[]
  depth: number
  onChange: (g: ConditionGroup) => void
  onRemove?: () => void
}) {
  const { group } = props
  const update = (i: number, c: Condition | ConditionGroup) =>
    props.onChange({ ...group, conditions: group.conditions.map((x, j) => (j === i ? c : x)) })
  const remove = (i: number) => props.onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) })
  const firstField = props.fields[0]?.value ?? ''
  return (
    <Paper withBorder p="xs" radius="md" bg={props.depth > 0 ? 'var(--mantine-color-default-hover)' : undefined}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">Match</Text>
            <SegmentedControl
              size="xs"
              aria-label="Match all or any"
              value={group.match}
              onChange={(v) => props.onChange({ ...group, match: v === 'any' ? 'any' : 'all' })}
              data={[
                { value: 'all', label: 'all' },
                { value: 'any', label: 'any' },
              ]}
            />
            <Text size="sm">of these</Text>
          </Group>
          {props.onRemove && (
            <ActionIcon variant="subtle" color="red" aria-label="Remove group" onClick={props.onRemove}>
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
        {group.conditions.map((c, i) =>
          isGroup(c) ? (
            <GroupEditor
              key={i}
              group={c}
              fields={props.fields}
              depth={props.depth + 1}
              onChange={(g) => update(i, g)}
              onRemove={() => remove(i)}
            />
          ) : (
            <ConditionRow
              key={i}
              condition={c}
              fields={props.fields}
              onChange={(x) => update(i, x)}
              onRemove={() => remove(i)}
            />
          ),
        )}
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              props.onChange({
                ...group,
                conditions: [...group.conditions, { field: firstField, op: 'equals', value: '' }],
              })
            }
          >
            Add condition
          </Button>
          {props.depth < 2 && (
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                props.onChange({
                  ...group,
                  conditions: [
                    ...group.conditions,
                    { match: 'any', conditions: [{ field: firstField, op: 'equals', value: '' }] },
                  ],
                })
              }
            >
              Add group
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  )
}

/**
 * Edits a condition group: all/any, rows of field–operator–value, nested groups. `null` means no
 * conditions (everything matches), shown as such with a way to start.
 */
export function ConditionBuilder(props: {
  value: ConditionGroup | null
  onChange: (value: ConditionGroup | null) => void
  fields: FieldOption[]
  emptyText?: string
}) {
  if (props.value === null || props.value.conditions.length === 0)
    return (
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {props.emptyText ?? 'No conditions: every lead matches.'}
        </Text>
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            props.onChange({
              match: props.value?.match ?? 'all',
              conditions: [{ field: props.fields[0]?.value ?? '', op: 'equals', value: '' }],
            })
          }
        >
          Add condition
        </Button>
      </Group>
    )
  return (
    <GroupEditor
      group={props.value}
      fields={props.fields}
      depth={0}
      onChange={(g) => props.onChange(g.conditions.length === 0 ? null : g)}
    />
  )
}

/** Drops rows the operator left without a field, so a half-filled builder still saves. */
export function cleanGroup(group: ConditionGroup | null): ConditionGroup | null {
  if (group === null) return null
  const conditions = group.conditions
    .map((c) => (isGroup(c) ? cleanGroup(c) : c.field ? c : null))
    .filter((c): c is Condition | ConditionGroup => c !== null)
  return conditions.length ? { match: group.match, conditions } : null
}
