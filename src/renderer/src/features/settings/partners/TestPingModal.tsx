import { Alert, Badge, Button, Code, Group, JsonInput, Loader, Modal, SimpleGrid, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { PartnerDef } from '../../../../../shared/api/settings/partners'
import { formatMoney } from '../../../components/format'
import { useApiMutation } from '../../../api/hooks'

const OUTCOME_COLORS: Record<string, string> = { bid: 'teal', no_bid: 'gray', below_min: 'yellow', timeout: 'orange' }
const OUTCOME_LABELS: Record<string, string> = {
  bid: 'Bid',
  no_bid: 'No bid',
  below_min: 'Below minimum',
  timeout: 'Timed out',
  error: 'Failed',
  malformed: 'Unreadable answer',
}

/** Sends a sample ping on open and shows both sides of the exchange and how the answer was read. */
export function TestPingModal(props: { partner: PartnerDef; onClose: () => void }) {
  const ping = useApiMutation('partners/testPing')
  const { mutate } = ping
  const id = props.partner.id
  useEffect(() => mutate({ id }), [mutate, id])
  const r = ping.data
  const [sample, setSample] = useState<string | null>(null)
  const sampleText = sample ?? (r ? JSON.stringify(r.sample, null, 2) : '')
  const parsedSample = (() => {
    try {
      const value: unknown = JSON.parse(sampleText)
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : null
    } catch {
      return null
    }
  })()
  return (
    <Modal opened onClose={props.onClose} title={`Test ping · ${props.partner.name}`} size="xl">
      {ping.isPending && (
        <Group>
          <Loader size="sm" />
          <Text size="sm">Pinging {props.partner.pingUrl ?? props.partner.postUrl}…</Text>
        </Group>
      )}
      {ping.error && <Alert color="red">{ping.error.message}</Alert>}
      {r && (
        <Stack>
          <Group gap="xs" data-testid="test-ping-parsed">
            <Text fw={600}>Result</Text>
            <Badge color={OUTCOME_COLORS[r.parsed.outcome] ?? 'red'} tt="none">
              {OUTCOME_LABELS[r.parsed.outcome] ?? r.parsed.outcome}
            </Badge>
            {r.parsed.priceCents !== null && (
              <Badge variant="light" tt="none">
                {formatMoney(r.parsed.priceCents)}
              </Badge>
            )}
            {r.parsed.reference && (
              <Badge variant="outline" tt="none">
                ref {r.parsed.reference}
              </Badge>
            )}
            {r.parsed.error && (
              <Text size="sm" c="dimmed">
                {r.parsed.error}
              </Text>
            )}
          </Group>
          <SimpleGrid cols={2}>
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Request · {r.request.method} {r.request.url}
              </Text>
              <Code block>
                {Object.entries(r.request.headers)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join('\n')}
                {'\n\n'}
                {r.request.body}
              </Code>
            </Stack>
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Response · {r.response.statusCode ?? 'no answer'}
                {r.response.latencyMs !== null && ` · ${r.response.latencyMs} ms`}
              </Text>
              <Code block data-testid="test-ping-response">
                {r.response.body || '(empty)'}
              </Code>
            </Stack>
          </SimpleGrid>
          <JsonInput
            label="Sample lead"
            description="Edit it to see how the partner answers other leads; contact fields never leave in a ping"
            autosize
            minRows={4}
            maxRows={12}
            value={sampleText}
            onChange={setSample}
            validationError="Enter a JSON object"
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              A test ping stores nothing.
            </Text>
            <Button
              variant="light"
              disabled={!parsedSample}
              loading={ping.isPending}
              onClick={() => parsedSample && mutate({ id, sample: parsedSample })}
            >
              Send again
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
