import { Group, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core'
import type { DeliveryRequest } from '../../../../shared/domain/template'
import { REQUEST_FORMAT_LABELS } from '../../../../shared/domain/template'
import { useTemplateFields } from '../settings/partners/queries'
import { TemplateEditor } from '../settings/templates/TemplateEditor'
import { MONO_INPUT } from '../settings/shared/monoInput'

const FORMATS = (['json', 'form', 'xml'] as const).map((f) => ({ value: f, label: REQUEST_FORMAT_LABELS[f] }))

/** The webhook's body: its format and method, and either the standard body or the customer's own template. */
export function WebhookBody(props: {
  request: DeliveryRequest
  onChange: (r: DeliveryRequest) => void
  errors: Record<string, string>
}) {
  const { request } = props
  const fields = useTemplateFields()
  const set = (patch: Partial<DeliveryRequest>) => props.onChange({ ...request, ...patch })
  return (
    <Stack gap={6}>
      <Group align="flex-end">
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            Body format
          </Text>
          <SegmentedControl
            size="xs"
            aria-label="Body format"
            data={FORMATS}
            value={request.format}
            onChange={(v) => set({ format: v === 'form' || v === 'xml' ? v : 'json' })}
          />
        </Stack>
        <Select
          size="xs"
          label="Method"
          data={['POST', 'PUT']}
          value={request.httpMethod}
          allowDeselect={false}
          onChange={(v) => set({ httpMethod: v === 'PUT' ? 'PUT' : 'POST' })}
          w={100}
        />
        {request.format === 'xml' && (
          <TextInput
            size="xs"
            label="Root element"
            styles={MONO_INPUT}
            value={request.xmlRoot}
            error={props.errors['delivery.request.xmlRoot']}
            onChange={(e) => set({ xmlRoot: e.currentTarget.value })}
            w={140}
          />
        )}
        <Switch
          label="The customer's own keys"
          checked={request.template !== null}
          onChange={(e) => set({ template: e.currentTarget.checked ? { allFields: false, entries: [] } : null })}
          mb={4}
        />
      </Group>
      {request.template === null ? (
        <Text size="xs" c="dimmed">
          Standard body: lead id, category, price, assigned time and the category's deliverable fields.
        </Text>
      ) : (
        <TemplateEditor
          label="Webhook template"
          template={request.template}
          onChange={(t) => set({ template: t })}
          fields={(fields.data ?? []).filter((f) => f.deliverable)}
          leadValues={['uuid', 'category', 'price', 'assigned_at']}
          errors={props.errors}
          errorPrefix="delivery.request.template"
          allFieldsLabel="Also send every other deliverable field under its own name"
        />
      )}
      <Text size="xs" c="dimmed">
        Only the category's deliverable fields are ever sent.
      </Text>
    </Stack>
  )
}
