import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import type { FieldDef, FieldImpact, FieldInput } from '../../../../../shared/api/settings/categories'
import { FIELD_TYPES, type FieldType } from '../../../../../shared/domain/config'
import { call } from '../../../api/client'
import { describeError, useSave } from '../shared/useSave'

const TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  email: 'Email',
  phone: 'Phone',
  zip: 'ZIP code',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
  choice: 'Choice',
}

function initial(field: FieldDef | null): Required<FieldInput> {
  return {
    key: field?.key ?? '',
    label: field?.label ?? '',
    type: field?.type ?? 'text',
    required: field?.required ?? false,
    requiredForPing: field?.requiredForPing ?? false,
    deliverable: field?.deliverable ?? true,
    validation: field?.validation ?? {},
  }
}

function numberOrUndefined(v: string | number): number | undefined {
  return v === '' ? undefined : Number(v)
}

/**
 * Adds or edits a field. Before a change that could invalidate stored leads (required, or any
 * validation), it asks the main process how many leads would fail and says so before saving.
 */
export function FieldEditor(props: { categoryId: number; field: FieldDef | null; onClose: () => void }) {
  const [draft, setDraft] = useState(() => initial(props.field))
  const [impact, setImpact] = useState<FieldImpact | null>(null)
  const [checking, setChecking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const save = useSave('categories/saveField', {
    areas: ['categories'],
    success: props.field ? 'Field saved' : 'Field added',
    onSuccess: props.onClose,
  })
  const standard = props.field?.standard ?? false
  const set = (patch: Partial<Required<FieldInput>>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setImpact(null)
  }
  const setValidation = (patch: Partial<FieldInput['validation'] & object>) =>
    set({
      validation: Object.fromEntries(
        Object.entries({ ...draft.validation, ...patch }).filter(([, v]) => v !== undefined && v !== ''),
      ),
    })
  const input = { categoryId: props.categoryId, ...(props.field && { fieldId: props.field.id }), field: draft }
  // A new requirement, a rule or another type can each make stored values invalid.
  const risky =
    draft.required ||
    Object.keys(draft.validation).length > 0 ||
    (props.field !== null && draft.type !== props.field.type)

  const submit = async () => {
    setError(null)
    if (risky && impact === null) {
      setChecking(true)
      try {
        const result = await call('categories/fieldImpact', input)
        setChecking(false)
        if (result.invalid > 0) {
          setImpact(result)
          return
        }
      } catch (e) {
        setChecking(false)
        setError(describeError(e))
        return
      }
    }
    save.mutate(input)
  }

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.field ? `Edit field ${props.field.label}` : 'Add a field'}
      size="lg"
    >
      <Stack>
        <SimpleGrid cols={2}>
          <TextInput
            label="Label"
            value={draft.label}
            onChange={(e) => {
              const label = e.currentTarget.value
              // A new field's key follows its label until the operator edits the key.
              const key = props.field || draft.key !== slug(draft.label) ? draft.key : slug(label)
              set({ label, key })
            }}
            data-autofocus
          />
          <TextInput
            label="Key"
            description="Used by the intake API and conditions"
            value={draft.key}
            disabled={standard}
            onChange={(e) => set({ key: e.currentTarget.value })}
          />
          <Select
            label="Type"
            data={FIELD_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
            value={draft.type}
            disabled={standard}
            allowDeselect={false}
            onChange={(v) => set({ type: FIELD_TYPES.find((t) => t === v) ?? 'text' })}
          />
        </SimpleGrid>
        <Group>
          <Checkbox
            label="Required"
            checked={draft.required}
            onChange={(e) => set({ required: e.currentTarget.checked })}
          />
          <Checkbox
            label="Required for ping"
            checked={draft.requiredForPing}
            onChange={(e) => set({ requiredForPing: e.currentTarget.checked })}
          />
          <Checkbox
            label="Deliverable to customers"
            checked={draft.deliverable}
            onChange={(e) => set({ deliverable: e.currentTarget.checked })}
          />
        </Group>
        <Text fw={600} size="sm">
          Validation
        </Text>
        <SimpleGrid cols={3}>
          <TextInput
            label="Pattern"
            placeholder="regular expression"
            value={draft.validation.pattern ?? ''}
            onChange={(e) => setValidation({ pattern: e.currentTarget.value })}
          />
          <NumberInput
            label={draft.type === 'number' ? 'Minimum' : 'Minimum length'}
            value={draft.validation.min ?? ''}
            onChange={(v) => setValidation({ min: numberOrUndefined(v) })}
          />
          <NumberInput
            label={draft.type === 'number' ? 'Maximum' : 'Maximum length'}
            value={draft.validation.max ?? ''}
            onChange={(v) => setValidation({ max: numberOrUndefined(v) })}
          />
        </SimpleGrid>
        {draft.type === 'choice' && (
          <TagsInput
            label="Choices"
            placeholder="Type a choice, press Enter"
            value={draft.validation.choices ?? []}
            onChange={(v) => setValidation({ choices: v.length ? v : undefined })}
          />
        )}
        {draft.type === 'phone' && (
          <TagsInput
            label="Country codes accepted"
            description="Calling codes, e.g. 1 (North America) or 44 (UK); North America only when empty"
            placeholder="Type a code, press Enter"
            value={draft.validation.countries ?? []}
            onChange={(v) => setValidation({ countries: v.length ? v.map((c) => c.replace(/\D/g, '')) : undefined })}
          />
        )}
        {impact && (
          <Alert
            color="orange"
            icon={<IconAlertTriangle />}
            title={`${impact.invalid} of ${impact.checked} stored leads would be invalid`}
          >
            <Text size="sm">
              Those leads stay as they are, but would fail validation when edited or reprocessed. For example:
            </Text>
            <List size="sm" mt={4}>
              {impact.samples.map((s) => (
                <List.Item key={s.id}>
                  {s.uuid.slice(0, 8)}… — {s.reason}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => void submit()}
            loading={checking || save.isPending}
            color={impact ? 'orange' : undefined}
          >
            {impact ? 'Save anyway' : 'Save field'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 60)
}
