import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  JsonInput,
  Loader,
  Modal,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import type { Input } from '../../../../../shared/api/contract'
import { useApiMutation } from '../../../api/hooks'
import { formatMoney } from '../../../components/format'
import { describeError } from '../shared/useSave'

const OUTCOME_COLORS: Record<string, string> = {
  bid: 'teal',
  accepted: 'teal',
  no_bid: 'gray',
  declined: 'gray',
  below_min: 'yellow',
  timeout: 'orange',
}
const OUTCOME_LABELS: Record<string, string> = {
  bid: 'Bid',
  accepted: 'Accepted',
  no_bid: 'No bid',
  declined: 'Declined',
  below_min: 'Below minimum',
  timeout: 'Timed out',
  error: 'Failed',
  malformed: 'Unreadable answer',
}

/**
 * Sends a sample ping or post on open (from a saved partner or the form's unsaved settings) and
 * shows the exact request, the raw answer and how the answer was read.
 */
export function TestPingModal(props: { input: Input<'partners/testPing'>; title: string; onClose: () => void }) {
  const test = useApiMutation('partners/testPing')
  const { mutate } = test
  const { input } = props
  useEffect(() => mutate(input), [mutate, input])
  const r = test.data
  const kind = input.kind ?? 'ping'
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
    <Modal opened onClose={props.onClose} title={`Test ${kind} · ${props.title}`} size="xl">
      {test.isPending && (
        <Group>
          <Loader size="sm" />
          <Text size="sm">Sending a test {kind}…</Text>
        </Group>
      )}
      {test.error && <Alert color="red">{describeError(test.error)}</Alert>}
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
              <Text fw={600} size="sm" style={{ wordBreak: 'break-all' }}>
                Request · {r.request.method} {r.request.url}
              </Text>
              <ScrollArea.Autosize mah={280}>
                <Code block data-testid="test-ping-request" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {Object.entries(r.request.headers)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join('\n')}
                  {'\n\n'}
                  {r.request.body ?? '(no body: the values are in the query string)'}
                </Code>
              </ScrollArea.Autosize>
            </Stack>
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Response · {r.response.statusCode ?? 'no answer'}
                {r.response.latencyMs !== null && ` · ${r.response.latencyMs} ms`}
              </Text>
              <ScrollArea.Autosize mah={280}>
                <Code block data-testid="test-ping-response">
                  {r.response.body || '(empty)'}
                </Code>
              </ScrollArea.Autosize>
            </Stack>
          </SimpleGrid>
          <JsonInput
            label="Sample lead"
            description={
              kind === 'ping'
                ? 'Edit it to see how the partner answers other leads; contact fields never leave in a ping'
                : 'Edit it to see how the partner answers other leads; the ping reference is a placeholder'
            }
            autosize
            minRows={4}
            maxRows={12}
            value={sampleText}
            onChange={setSample}
            validationError="Enter a JSON object"
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              A test stores nothing{kind === 'post' ? ', but the partner receives a real post' : ''}.
            </Text>
            <Button
              variant="light"
              disabled={!parsedSample}
              loading={test.isPending}
              onClick={() => parsedSample && mutate({ ...input, sample: parsedSample })}
            >
              Send again
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
