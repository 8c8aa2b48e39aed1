import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { LeadField } from '../../../../../shared/api/leads'
import {
  CONTACT_FIELDS,
  CONTACT_LABELS,
  type ContactField,
  isContactField,
  type LeadDetail,
  type StageKind,
} from '../../../../../shared/domain/lead'
import { useApiMutation, useApiQuery } from '../../../api/hooks'
import { formatDateTime } from '../../../components/format'
import { classificationMessage } from './messages'
import { fieldValue, validateField } from './field-validation'

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v))

/** Contact and details are editable; metadata is not. Saving reclassifies, then offers to reprocess. */
export function EditLeadForm(props: {
  lead: LeadDetail
  onCancel: () => void
  onSaved: (stages: StageKind[]) => void
  /** Reads the lead again and opens the form on the fresh copy (after a colleague's change). */
  onReload: () => void
}) {
  const { lead } = props
  // The version this form was opened on: an edit is refused if the lead changed since.
  const [openedAt] = useState(lead.updatedAt)
  const fieldsQuery = useApiQuery('leads/fields', { id: lead.id })
  const fields = fieldsQuery.data ?? []
  const byKey = new Map(fields.map((f) => [f.key, f]))
  const contactField = (key: ContactField): LeadField =>
    byKey.get(key) ?? {
      key,
      label: CONTACT_LABELS[key],
      type: 'text',
      required: false,
      deliverable: true,
      standard: true,
      validation: {},
    }
  const detailKeys = [
    ...fields.filter((f) => !isContactField(f.key)).map((f) => f.key),
    ...Object.keys(lead.details).filter((k) => !byKey.has(k) && !isContactField(k)),
  ]

  const [values, setValues] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(CONTACT_FIELDS.map((k) => [k, text(lead.contact[k])])),
    ...Object.fromEntries(Object.entries(lead.details).map(([k, v]) => [k, text(v)])),
  }))
  const [extra, setExtra] = useState<string[]>([])
  const [newKey, setNewKey] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})

  const save = useApiMutation('leads/edit', {
    onSuccess: (r) => {
      notifications.show({
        color: 'teal',
        title: r.changed.length ? `Saved: ${r.changed.join(', ')}` : 'Saved, nothing changed',
        message: classificationMessage(r.reclassified),
      })
      props.onSaved(r.stages)
    },
    onError: (e) =>
      setErrors(
        Object.fromEntries(Object.entries(e.fields ?? {}).map(([k, v]) => [k.replace(/^(contact|details)\./, ''), v])),
      ),
  })

  const allDetailKeys = [...detailKeys, ...extra.filter((k) => !detailKeys.includes(k))]
  const submit = () => {
    const found: Record<string, string> = {}
    for (const k of CONTACT_FIELDS) {
      const message = validateField(contactField(k), values[k] ?? '')
      if (message) found[k] = message
    }
    for (const k of allDetailKeys) {
      const f = byKey.get(k)
      const message = f ? validateField(f, values[k] ?? '') : null
      if (message) found[k] = message
    }
    setErrors(found)
    if (Object.keys(found).length > 0) return
    save.mutate({
      id: lead.id,
      expectedUpdatedAt: openedAt,
      contact: Object.fromEntries(CONTACT_FIELDS.map((k) => [k, (values[k] ?? '').trim() || null])),
      details: Object.fromEntries(allDetailKeys.map((k) => [k, fieldValue(byKey.get(k), values[k] ?? '')])),
    })
  }

  const input = (key: string, field: LeadField | undefined, label: string) => {
    const common = {
      key,
      label,
      withAsterisk: field?.required,
      value: values[key] ?? '',
      error: errors[key],
    }
    if (field?.type === 'choice' && field.validation.choices) {
      return (
        <Select
          {...common}
          data={field.validation.choices}
          clearable
          onChange={(v) => setValues((s) => ({ ...s, [key]: v ?? '' }))}
        />
      )
    }
    return (
      <TextInput
        {...common}
        onChange={(e) => {
          const value = e.currentTarget.value
          setValues((s) => ({ ...s, [key]: value }))
        }}
      />
    )
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
      aria-label="Edit lead"
    >
      <Stack>
        <Text fw={600} size="sm">
          Contact
        </Text>
        <SimpleGrid cols={2} spacing="xs">
          {CONTACT_FIELDS.map((k) => input(k, contactField(k), contactField(k).label))}
        </SimpleGrid>
        <Text fw={600} size="sm">
          Details
        </Text>
        <SimpleGrid cols={2} spacing="xs">
          {allDetailKeys.map((k) => input(k, byKey.get(k), byKey.get(k)?.label ?? k))}
        </SimpleGrid>
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Add a detail"
            placeholder="field_key"
            value={newKey}
            onChange={(e) => setNewKey(e.currentTarget.value)}
            error={newKey && !/^[a-z][a-z0-9_]*$/.test(newKey) ? 'Lowercase letters, digits and _' : undefined}
          />
          <Button
            variant="default"
            leftSection={<IconPlus size={14} />}
            disabled={!/^[a-z][a-z0-9_]*$/.test(newKey) || allDetailKeys.includes(newKey) || isContactField(newKey)}
            onClick={() => {
              setExtra((x) => [...x, newKey])
              setNewKey('')
            }}
          >
            Add
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Source, category, lead type, times, customer and price are metadata written by distribution and cannot be
          edited. Saving reclassifies the lead from the new data.
        </Text>
        {save.error?.code === 'CONFLICT' ? (
          <Alert color="orange" title="Changed since you opened it" data-testid="edit-conflict">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {save.error.fields?.changedBy ?? 'Someone'} changed this lead at{' '}
                {formatDateTime(Number(save.error.fields?.changedAt))}. Your changes were not saved: reload the lead to
                see theirs, then edit again.
              </Text>
              <Button size="xs" variant="light" color="orange" onClick={props.onReload}>
                Reload the lead
              </Button>
            </Stack>
          </Alert>
        ) : (
          save.error && !save.error.fields && <Alert color="red">{save.error.message}</Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
