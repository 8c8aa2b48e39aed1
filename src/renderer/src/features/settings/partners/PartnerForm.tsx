import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { IconBroadcast, IconSend } from '@tabler/icons-react'
import { useState } from 'react'
import type { Input } from '../../../../../shared/api/contract'
import type { PartnerDef, PartnerInput, PartnerMethod } from '../../../../../shared/api/settings/partners'
import type { PartnerResponse } from '../../../../../shared/domain/config'
import {
  PARTNER_PRESETS,
  type PartnerRequest,
  partnerRequestSchema,
  PII_FIELDS,
  REQUEST_FORMAT_LABELS,
  REQUEST_FORMATS,
  type RequestFormat,
} from '../../../../../shared/domain/template'
import { partnerResponseSchema } from '../../../../../shared/domain/config'
import { fromLines, toLines } from '../shared/keyValueLines'
import { MoneyInput } from '../shared/MoneyInput'
import { useSave } from '../shared/useSave'
import { TemplateEditor } from '../templates/TemplateEditor'
import { useTemplateFields } from './queries'
import { ResponseFields } from './ResponseFields'
import { TestPingModal } from './TestPingModal'
import { MONO_INPUT } from '../shared/monoInput'

const FIRST_PRESET = PARTNER_PRESETS[0]
const NEW_REQUEST: PartnerRequest = FIRST_PRESET?.request ?? partnerRequestSchema.parse({})
const NEW_RESPONSE: PartnerResponse = partnerResponseSchema.parse(FIRST_PRESET?.response ?? { format: 'json' })

/** Creates or edits a partner: where and how its requests go, their templates, and how its answer is read. */
export function PartnerForm(props: { partner: PartnerDef | null; onClose: () => void }) {
  const p = props.partner
  const [name, setName] = useState(p?.name ?? '')
  const [pingUrl, setPingUrl] = useState(p?.pingUrl ?? '')
  const [postUrl, setPostUrl] = useState(p?.postUrl ?? '')
  const [method, setMethod] = useState<PartnerMethod>(p?.method ?? 'POST')
  const [headers, setHeaders] = useState(toLines(p?.headers ?? {}, ': '))
  const [request, setRequest] = useState<PartnerRequest>(p?.request ?? NEW_REQUEST)
  const [timeoutMs, setTimeoutMs] = useState<number>(p?.timeoutMs ?? 1000)
  const [minPrice, setMinPrice] = useState<number | null>(p?.minPriceCents ?? 0)
  const [response, setResponse] = useState<PartnerResponse>(p?.response ?? NEW_RESPONSE)
  const [active, setActive] = useState(p?.active ?? true)
  const [preset, setPreset] = useState<string | null>(p ? null : (FIRST_PRESET?.id ?? null))
  const [testing, setTesting] = useState<Input<'partners/testPing'> | null>(null)
  const fields = useTemplateFields()
  const options = { success: 'Partner saved', areas: ['partners', 'plans'], onSuccess: props.onClose }
  const create = useSave('partners/create', options)
  const update = useSave('partners/update', options)
  const errors = (p ? update.error : create.error)?.fields ?? {}

  const body: PartnerInput = {
    name,
    pingUrl: pingUrl.trim() || null,
    postUrl: postUrl.trim(),
    method,
    headers: fromLines(headers, ':'),
    request,
    response,
    timeoutMs,
    minPriceCents: minPrice ?? 0,
    active,
  }
  const setFormat = (format: RequestFormat) => {
    setRequest((r) => ({ ...r, format }))
    if (format === 'query') setMethod('GET')
    else if (method === 'GET') setMethod('POST')
  }
  const applyPreset = (id: string | null) => {
    const chosen = PARTNER_PRESETS.find((x) => x.id === id)
    setPreset(id)
    if (!chosen) return
    setRequest(chosen.request)
    setMethod(chosen.method)
    setResponse(partnerResponseSchema.parse(chosen.response))
  }
  const editor = (kind: 'ping' | 'post') => (
    <TemplateEditor
      label={kind === 'ping' ? 'Ping template' : 'Post template'}
      template={request[kind]}
      onChange={(t) => setRequest((r) => ({ ...r, [kind]: t }))}
      fields={fields.data ?? []}
      leadValues={kind === 'ping' ? ['uuid'] : ['uuid', 'ping_reference']}
      hiddenFields={kind === 'ping' ? PII_FIELDS : undefined}
      errors={errors}
      errorPrefix={`request.${kind}`}
      allFieldsLabel={
        kind === 'ping'
          ? 'Also send every other non-contact field under its own name'
          : 'Also send every other lead field under its own name'
      }
    />
  )

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={p ? `Edit ${p.name}` : 'New partner'}
      size="80rem"
      // Escape in the test dialog on top closes only that one, never the unsaved settings.
      closeOnEscape={testing === null}
    >
      {testing && <TestPingModal input={testing} title={name || 'New partner'} onClose={() => setTesting(null)} />}
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (p) update.mutate({ id: p.id, ...body })
          else create.mutate(body)
        }}
      >
        <Stack>
          <Select
            label="Start from a preset"
            description={
              PARTNER_PRESETS.find((x) => x.id === preset)?.description ??
              'Replaces the format, templates and answer reading below'
            }
            placeholder="Keep the current settings"
            data={PARTNER_PRESETS.map((x) => ({ value: x.id, label: x.label }))}
            value={preset}
            onChange={applyPreset}
            clearable
            w={420}
          />
          <SimpleGrid cols={3}>
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              data-autofocus
              required
            />
            <TextInput
              label="Ping URL"
              placeholder="https://partner.example/ping"
              value={pingUrl}
              error={errors.pingUrl}
              onChange={(e) => setPingUrl(e.currentTarget.value)}
            />
            <TextInput
              label="Post URL"
              placeholder="https://partner.example/post"
              value={postUrl}
              error={errors.postUrl}
              onChange={(e) => setPostUrl(e.currentTarget.value)}
              required
            />
            <Group grow align="flex-start">
              <NumberInput
                label="Timeout (ms)"
                min={50}
                max={60000}
                value={timeoutMs}
                onChange={(v) => setTimeoutMs(Number(v) || 1000)}
              />
              <MoneyInput label="Minimum price" value={minPrice} onChange={setMinPrice} />
            </Group>
            <Textarea
              label="Headers"
              description="One per line: Name: value"
              autosize
              minRows={2}
              value={headers}
              onChange={(e) => setHeaders(e.currentTarget.value)}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <Switch label="Active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} mt={28} />
          </SimpleGrid>
          <Stack gap={6}>
            <Group justify="space-between" align="flex-end">
              <Group align="flex-end">
                <Stack gap={2}>
                  <Text fw={600} size="sm">
                    Request format
                  </Text>
                  <SegmentedControl
                    size="xs"
                    aria-label="Request format"
                    value={request.format}
                    onChange={(v) => setFormat(REQUEST_FORMATS.find((f) => f === v) ?? 'json')}
                    data={REQUEST_FORMATS.map((f) => ({ value: f, label: REQUEST_FORMAT_LABELS[f] }))}
                  />
                </Stack>
                <Select
                  size="xs"
                  label="Method"
                  data={request.format === 'query' ? ['GET', 'POST', 'PUT'] : ['POST', 'PUT']}
                  value={method}
                  allowDeselect={false}
                  error={errors['request.format']}
                  onChange={(v) => setMethod(v === 'PUT' || v === 'GET' ? v : 'POST')}
                  w={100}
                />
                {request.format === 'xml' && (
                  <TextInput
                    size="xs"
                    label="Root element"
                    styles={MONO_INPUT}
                    value={request.xmlRoot}
                    error={errors['request.xmlRoot']}
                    onChange={(e) => setRequest((r) => ({ ...r, xmlRoot: e.currentTarget.value }))}
                    w={140}
                  />
                )}
              </Group>
              <Text size="xs" c="dimmed" maw={360}>
                {request.format === 'json' || request.format === 'xml'
                  ? 'Dotted keys nest: applicant.phone'
                  : 'Keys are sent as written'}
                . A ping never carries contact details.
              </Text>
            </Group>
            <Tabs defaultValue="ping" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab
                  value="ping"
                  rightSection={
                    <Badge size="xs" variant="light">
                      {request.ping.entries.length}
                    </Badge>
                  }
                >
                  Ping template
                </Tabs.Tab>
                <Tabs.Tab
                  value="post"
                  rightSection={
                    <Badge size="xs" variant="light">
                      {request.post.entries.length}
                    </Badge>
                  }
                >
                  Post template
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="ping" pt="xs">
                {editor('ping')}
              </Tabs.Panel>
              <Tabs.Panel value="post" pt="xs">
                {editor('post')}
              </Tabs.Panel>
            </Tabs>
          </Stack>
          <ResponseFields response={response} onChange={setResponse} errors={errors} />
          <Group justify="space-between">
            <Group gap="xs">
              <Button
                variant="light"
                leftSection={<IconBroadcast size={16} />}
                disabled={!postUrl.trim()}
                onClick={() => setTesting({ partner: body, kind: 'ping', ...(p && { id: p.id }) })}
              >
                Test ping
              </Button>
              <Button
                variant="light"
                leftSection={<IconSend size={16} />}
                disabled={!postUrl.trim()}
                onClick={() => setTesting({ partner: body, kind: 'post', ...(p && { id: p.id }) })}
              >
                Test post
              </Button>
            </Group>
            <Group>
              <Button variant="default" onClick={props.onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending || update.isPending}>
                Save partner
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
