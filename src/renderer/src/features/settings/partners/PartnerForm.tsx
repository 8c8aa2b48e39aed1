import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { useState } from 'react'
import type { PartnerDef, PartnerInput } from '../../../../../shared/api/settings/partners'
import type { PartnerResponse } from '../../../../../shared/domain/config'
import { fromLines, toLines } from '../shared/keyValueLines'
import { MoneyInput } from '../shared/MoneyInput'
import { useSave } from '../shared/useSave'

const JSON_DEFAULT: PartnerResponse = {
  format: 'json',
  acceptedPath: 'accepted',
  pricePath: 'price',
  referencePath: 'id',
  priceUnit: 'dollars',
}
const REGEX_DEFAULT: PartnerResponse = {
  format: 'regex',
  acceptedPattern: 'accepted',
  pricePattern: 'price=([0-9.]+)',
  priceUnit: 'dollars',
}

export function PartnerForm(props: { partner: PartnerDef | null; fieldKeys: string[]; onClose: () => void }) {
  const p = props.partner
  const [name, setName] = useState(p?.name ?? '')
  const [pingUrl, setPingUrl] = useState(p?.pingUrl ?? '')
  const [postUrl, setPostUrl] = useState(p?.postUrl ?? '')
  const [method, setMethod] = useState<'POST' | 'PUT'>(p?.method ?? 'POST')
  const [headers, setHeaders] = useState(toLines(p?.headers ?? {}, ': '))
  const [pingFields, setPingFields] = useState<string[]>(p?.mapping.pingFields ?? ['zip', 'state'])
  const [renames, setRenames] = useState(toLines(p?.mapping.rename ?? {}, ' = '))
  const [timeoutMs, setTimeoutMs] = useState<number>(p?.timeoutMs ?? 1000)
  const [minPrice, setMinPrice] = useState<number | null>(p?.minPriceCents ?? 0)
  const [response, setResponse] = useState<PartnerResponse>(p?.response ?? JSON_DEFAULT)
  const [active, setActive] = useState(p?.active ?? true)
  const options = { success: 'Partner saved', areas: ['partners', 'plans'], onSuccess: props.onClose }
  const create = useSave('partners/create', options)
  const update = useSave('partners/update', options)

  const body: PartnerInput = {
    name,
    pingUrl: pingUrl.trim() || null,
    postUrl: postUrl.trim(),
    method,
    headers: fromLines(headers, ':'),
    mapping: { pingFields, rename: fromLines(renames, '=') },
    response,
    timeoutMs,
    minPriceCents: minPrice ?? 0,
    active,
  }
  const setR = (patch: Partial<PartnerResponse>) => setResponse((r) => ({ ...r, ...patch }) as PartnerResponse)

  return (
    <Modal opened onClose={props.onClose} title={p ? `Edit ${p.name}` : 'New partner'} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (p) update.mutate({ id: p.id, ...body })
          else create.mutate(body)
        }}
      >
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
              required
            />
            <Group align="flex-end">
              <Select
                label="Method"
                data={['POST', 'PUT']}
                value={method}
                allowDeselect={false}
                onChange={(v) => setMethod(v === 'PUT' ? 'PUT' : 'POST')}
                w={110}
              />
              <Switch label="Active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} mb={8} />
            </Group>
            <TextInput
              label="Ping URL"
              placeholder="https://partner.example/ping"
              value={pingUrl}
              onChange={(e) => setPingUrl(e.currentTarget.value)}
            />
            <TextInput
              label="Post URL"
              placeholder="https://partner.example/post"
              value={postUrl}
              onChange={(e) => setPostUrl(e.currentTarget.value)}
              required
            />
            <NumberInput
              label="Timeout (ms)"
              min={50}
              max={60000}
              value={timeoutMs}
              onChange={(v) => setTimeoutMs(Number(v) || 1000)}
            />
            <MoneyInput label="Minimum price" value={minPrice} onChange={setMinPrice} />
          </SimpleGrid>
          <Textarea
            label="Headers"
            description="One per line: Name: value"
            autosize
            minRows={2}
            value={headers}
            onChange={(e) => setHeaders(e.currentTarget.value)}
            ff="monospace"
          />
          <TagsInput
            label="Fields a ping carries"
            description="Contact details (name, email, phone, address) are never sent in a ping"
            data={props.fieldKeys}
            value={pingFields}
            onChange={setPingFields}
          />
          <Textarea
            label="Renames"
            description="One per line: our_field = their_field"
            autosize
            minRows={2}
            value={renames}
            onChange={(e) => setRenames(e.currentTarget.value)}
            ff="monospace"
          />
          <Stack gap={6}>
            <Group justify="space-between">
              <Text fw={600} size="sm">
                Reading the answer
              </Text>
              <SegmentedControl
                size="xs"
                value={response.format}
                onChange={(v) => setResponse(v === 'regex' ? REGEX_DEFAULT : JSON_DEFAULT)}
                data={[
                  { value: 'json', label: 'JSON paths' },
                  { value: 'regex', label: 'Regular expressions' },
                ]}
              />
            </Group>
            {response.format === 'json' ? (
              <SimpleGrid cols={4}>
                <TextInput
                  label="Accepted path"
                  value={response.acceptedPath}
                  onChange={(e) => setR({ acceptedPath: e.currentTarget.value })}
                />
                <TextInput
                  label="Accepted value"
                  placeholder="any true value"
                  value={response.acceptedValue === undefined ? '' : String(response.acceptedValue)}
                  onChange={(e) => setR({ acceptedValue: e.currentTarget.value || undefined })}
                />
                <TextInput
                  label="Price path"
                  value={response.pricePath}
                  onChange={(e) => setR({ pricePath: e.currentTarget.value })}
                />
                <TextInput
                  label="Reference path"
                  value={response.referencePath}
                  onChange={(e) => setR({ referencePath: e.currentTarget.value })}
                />
              </SimpleGrid>
            ) : (
              <SimpleGrid cols={3}>
                <TextInput
                  label="Accepted pattern"
                  value={response.acceptedPattern}
                  onChange={(e) => setR({ acceptedPattern: e.currentTarget.value })}
                />
                <TextInput
                  label="Price pattern"
                  value={response.pricePattern ?? ''}
                  onChange={(e) => setR({ pricePattern: e.currentTarget.value || undefined })}
                />
                <TextInput
                  label="Reference pattern"
                  value={response.referencePattern ?? ''}
                  onChange={(e) => setR({ referencePattern: e.currentTarget.value || undefined })}
                />
              </SimpleGrid>
            )}
            <Select
              label="Prices are in"
              data={[
                { value: 'dollars', label: 'Dollars' },
                { value: 'cents', label: 'Cents' },
              ]}
              value={response.priceUnit}
              allowDeselect={false}
              onChange={(v) => setR({ priceUnit: v === 'cents' ? 'cents' : 'dollars' })}
              w={160}
            />
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              Save partner
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
