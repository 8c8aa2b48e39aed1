import { Badge, Button, Code, Group, Modal, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconArrowDownLeft, IconArrowUpRight } from '@tabler/icons-react'
import { useState } from 'react'
import type { PingpostRecordView } from '../../../../../shared/api/leads'
import { useApiQuery } from '../../../api/hooks'
import { formatBody, formatDateTime, formatMoney, formatRequest } from '../../../components/format'

/** Links to the lead's ping and post records; shown only when the lead has any. */
export function PingpostRecords({ leadId }: { leadId: number }) {
  const records = useApiQuery('leads/pingpostRecords', { id: leadId })
  const [open, setOpen] = useState<PingpostRecordView | null>(null)
  if (!records.data?.length) return null
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Ping / post records
      </Text>
      <Group gap="xs">
        {records.data.map((r) => (
          <Button
            key={r.id}
            size="xs"
            variant="light"
            leftSection={r.direction === 'inbound' ? <IconArrowDownLeft size={14} /> : <IconArrowUpRight size={14} />}
            onClick={() => setOpen(r)}
          >
            {r.kind === 'ping' ? 'Ping' : 'Post'} · {r.partnerName ?? r.sourceName ?? r.direction} · {r.outcome}
          </Button>
        ))}
      </Group>
      {open && (
        <Modal
          opened
          onClose={() => setOpen(null)}
          size="xl"
          title={`${open.kind === 'ping' ? 'Ping' : 'Post'} ${open.publicId}`}
        >
          <Stack>
            <Group gap="xs">
              <Badge variant="light">{open.direction}</Badge>
              <Badge variant="light" color={/accept|won|sold|ok/i.test(open.outcome) ? 'teal' : 'gray'}>
                {open.outcome}
              </Badge>
            </Group>
            <SimpleGrid cols={3} spacing="xs">
              <Field label="Partner / source" value={open.partnerName ?? open.sourceName ?? '—'} />
              <Field label="Price" value={formatMoney(open.priceCents)} />
              <Field label="Latency" value={open.latencyMs === null ? '—' : `${open.latencyMs} ms`} />
              <Field label="HTTP status" value={open.statusCode === null ? '—' : String(open.statusCode)} />
              <Field label="Reference" value={open.reference ?? '—'} />
              <Field label="At" value={formatDateTime(open.createdAt)} />
            </SimpleGrid>
            {open.url && <Field label="URL" value={open.url} />}
            {open.request ? (
              <>
                <Text fw={600} size="sm" style={{ wordBreak: 'break-all' }}>
                  Request · {open.request.method} {open.request.url}
                </Text>
                <ScrollArea.Autosize mah={240}>
                  <Code block data-testid="pingpost-request" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {formatRequest(open.request)}
                  </Code>
                </ScrollArea.Autosize>
              </>
            ) : (
              <>
                <Text fw={600} size="sm">
                  Payload
                </Text>
                <ScrollArea.Autosize mah={240}>
                  <Code block data-testid="pingpost-payload">
                    {formatBody(open.payload)}
                  </Code>
                </ScrollArea.Autosize>
              </>
            )}
            <Text fw={600} size="sm">
              Response
            </Text>
            <ScrollArea.Autosize mah={240}>
              <Code block data-testid="pingpost-response">
                {formatBody(open.response)}
              </Code>
            </ScrollArea.Autosize>
          </Stack>
        </Modal>
      )}
    </Stack>
  )
}

function Field(props: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-all' }}>
        {props.value}
      </Text>
    </div>
  )
}
