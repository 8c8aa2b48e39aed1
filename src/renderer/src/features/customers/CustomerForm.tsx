import { Button, Group, SegmentedControl, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { CustomerDef } from '../../../../shared/api/settings/customers'
import type { Delivery } from '../../../../shared/domain/config'
import { type DeliveryRequest, deliveryRequestSchema } from '../../../../shared/domain/template'
import { fromLines, toLines } from '../settings/shared/keyValueLines'
import { MoneyInput } from '../settings/shared/MoneyInput'
import { useSave } from '../settings/shared/useSave'
import { WebhookBody } from './WebhookBody'
import { MONO_INPUT } from '../settings/shared/monoInput'

/** Creates a customer (no `customer`) or edits its details and delivery settings. */
export function CustomerForm(props: {
  customer: CustomerDef | null
  onSaved?: (c: CustomerDef) => void
  onCancel?: () => void
}) {
  const c = props.customer
  const [name, setName] = useState(c?.name ?? '')
  const [email, setEmail] = useState(c?.email ?? '')
  const [phone, setPhone] = useState(c?.phone ?? '')
  const [company, setCompany] = useState(c?.company ?? '')
  const [low, setLow] = useState<number | null>(c?.lowBalanceCents ?? 5000)
  const [active, setActive] = useState(c?.active ?? true)
  const [method, setMethod] = useState<Delivery['method']>(c?.delivery.method ?? 'none')
  const [url, setUrl] = useState(c?.delivery.method === 'webhook' ? c.delivery.url : '')
  const [headers, setHeaders] = useState(c?.delivery.method === 'webhook' ? toLines(c.delivery.headers, ': ') : '')
  const [request, setRequest] = useState<DeliveryRequest>(
    c?.delivery.method === 'webhook' ? c.delivery.request : deliveryRequestSchema.parse({}),
  )
  const options = { success: 'Customer saved', areas: ['customers', 'bids'], onSuccess: props.onSaved }
  const create = useSave('customers/create', options)
  const update = useSave('customers/update', options)
  const errors = (c ? update.error : create.error)?.fields ?? {}
  const delivery: Delivery =
    method === 'webhook' ? { method, url: url.trim(), headers: fromLines(headers, ':'), request } : { method: 'none' }
  const body = { name, email, phone, company, lowBalanceCents: low ?? 0, active, delivery }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (c) update.mutate({ id: c.id, ...body })
        else create.mutate(body)
      }}
    >
      <Stack>
        <SimpleGrid cols={2}>
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
          />
          <TextInput label="Company" value={company} onChange={(e) => setCompany(e.currentTarget.value)} />
          <TextInput label="Email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <TextInput label="Phone" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
          <MoneyInput label="Low-balance warning at" value={low} onChange={setLow} />
          <Switch
            label="Active (can win leads)"
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
            mt={28}
          />
        </SimpleGrid>
        <Stack gap={6}>
          <Text fw={600} size="sm">
            Delivery
          </Text>
          <SegmentedControl
            w="fit-content"
            value={method}
            onChange={(v) => setMethod(v === 'webhook' ? 'webhook' : 'none')}
            data={[
              { value: 'none', label: 'None (reads its lead list)' },
              { value: 'webhook', label: 'Webhook' },
            ]}
          />
          {method === 'webhook' && (
            <>
              <TextInput
                label="Webhook URL"
                placeholder="https://customer.example/leads"
                value={url}
                error={errors['delivery.url']}
                onChange={(e) => setUrl(e.currentTarget.value)}
              />
              <Textarea
                label="Headers"
                description="One per line: Name: value"
                autosize
                minRows={2}
                value={headers}
                onChange={(e) => setHeaders(e.currentTarget.value)}
                styles={MONO_INPUT}
              />
              <WebhookBody request={request} onChange={setRequest} errors={errors} />
            </>
          )}
        </Stack>
        <Group justify="flex-end">
          {props.onCancel && (
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={create.isPending || update.isPending}>
            {c ? 'Save customer' : 'Create customer'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
