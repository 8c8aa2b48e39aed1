import { Button, Group, Loader, MultiSelect, NumberInput, Paper, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { CategoryDetail } from '../../../../../shared/api/settings/categories'
import type { ConditionGroup } from '../../../../../shared/domain/config'
import { useApiQuery } from '../../../api/hooks'
import { CategoryPicker } from '../shared/CategoryPicker'
import { cleanGroup, ConditionBuilder } from '../shared/ConditionBuilder'
import { CLIENT_FIELD_OPTIONS, fieldOptions } from '../shared/categoryFields'
import { useSave } from '../shared/useSave'

function Rules(props: { category: CategoryDetail }) {
  const { category } = props
  const sources = useApiQuery('sources/list', {})
  const [keys, setKeys] = useState(category.duplicateRule.keys)
  const [days, setDays] = useState<number>(category.duplicateRule.days)
  const [conditions, setConditions] = useState<ConditionGroup | null>(category.auditRule.conditions)
  const [sourceIds, setSourceIds] = useState(category.auditRule.sourceIds.map(String))
  const [sample, setSample] = useState<number>(category.auditRule.samplePercent)
  const save = useSave('categories/update', { success: 'Rules saved', areas: ['categories'] })
  const fields = [...fieldOptions(category), ...CLIENT_FIELD_OPTIONS]

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={5}>Duplicate rule</Title>
        <Text size="sm" c="dimmed" mb="sm">
          A lead is a Duplicate when any of these fields equals a lead of this category received within the window.
        </Text>
        <Group align="flex-end">
          <MultiSelect
            label="Compare"
            data={fields}
            value={keys}
            onChange={setKeys}
            w={360}
            placeholder={keys.length ? undefined : 'No keys: the check is off'}
          />
          <NumberInput
            label="Look back (days)"
            description="0 turns the check off"
            min={0}
            max={3650}
            error={days < 0 || days > 3650 ? 'From 0 to 3,650 days' : undefined}
            value={days}
            onChange={(v) => setDays(Number(v) || 0)}
            w={160}
          />
        </Group>
      </Paper>
      <Paper withBorder p="md">
        <Title order={5}>Audit conditions</Title>
        <Text size="sm" c="dimmed" mb="sm">
          Leads that match stop in the audit queue for a person to approve or reject.
        </Text>
        <Stack>
          <ConditionBuilder
            value={conditions}
            onChange={setConditions}
            fields={fields}
            emptyText="No field conditions."
          />
          <Group align="flex-end">
            <MultiSelect
              label="Always audit leads from"
              data={(sources.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
              value={sourceIds}
              onChange={setSourceIds}
              w={360}
              placeholder={sourceIds.length ? undefined : 'No sources'}
            />
            <NumberInput
              label="Sample of other leads"
              suffix=" %"
              min={0}
              max={100}
              decimalScale={2}
              error={sample < 0 || sample > 100 ? 'A share from 0 to 100 %' : undefined}
              value={sample}
              onChange={(v) => setSample(Number(v) || 0)}
              w={180}
            />
          </Group>
        </Stack>
      </Paper>
      <Group justify="flex-end">
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              id: category.id,
              duplicateRule: { keys, days },
              auditRule: {
                conditions: cleanGroup(conditions),
                sourceIds: sourceIds.map(Number),
                samplePercent: sample,
              },
            })
          }
        >
          Save rules
        </Button>
      </Group>
    </Stack>
  )
}

export function AuditSection() {
  const [categoryId, setCategoryId] = useState<number | null>(null)
  const detail = useApiQuery('categories/get', { id: categoryId ?? 0 }, { enabled: categoryId !== null })
  return (
    <Stack>
      <CategoryPicker value={categoryId} onChange={setCategoryId} />
      {categoryId === null ? (
        <Text c="dimmed" size="sm">
          Create a category first.
        </Text>
      ) : detail.data ? (
        // A fresh form when the stored rules change (saved here or elsewhere), not on every refetch:
        // a background refetch that lands while the operator types must not wipe the form.
        <Rules
          key={`${detail.data.id}:${JSON.stringify([detail.data.duplicateRule, detail.data.auditRule])}`}
          category={detail.data}
        />
      ) : (
        <Loader />
      )}
    </Stack>
  )
}
