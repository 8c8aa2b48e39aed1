import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core'
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react'
import type { SourceDef } from '../../../../shared/api/settings/sources'
import { useApiQuery } from '../../api/hooks'

/** A ready request a source's developer can paste into a terminal. */
export function curlExample(url: string, apiKey: string, categorySlug: string | null): string {
  const body = {
    ...(categorySlug && { category: categorySlug }),
    first_name: 'Jane',
    last_name: 'Doe',
    email: 'jane.doe@example.com',
    phone: '(555) 555-0100',
    state: 'CA',
    zip: '90210',
  }
  return [
    `curl -X POST ${url}/api/v1/leads \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H 'X-Api-Key: ${apiKey}' \\`,
    `  -d '${JSON.stringify(body, null, 2)}'`,
  ].join('\n')
}

function Copy(props: { value: string; label: string }) {
  return (
    <CopyButton value={props.value}>
      {({ copied, copy }) => (
        <Button
          size="xs"
          variant={copied ? 'filled' : 'light'}
          color={copied ? 'teal' : undefined}
          leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          onClick={copy}
        >
          {copied ? 'Copied' : props.label}
        </Button>
      )}
    </CopyButton>
  )
}

/** Shows a new key once, with the intake URL and a curl example; closing it is final. */
export function KeyReveal(props: { source: SourceDef; apiKey: string; onClose: () => void }) {
  const intake = useApiQuery('intake/get', {})
  const categories = useApiQuery('categories/list', {})
  // Without a default category the request must name one; the example uses the first.
  const slug = props.source.defaultCategoryId ? null : (categories.data?.[0]?.slug ?? 'category-slug')
  const url = intake.data?.url ?? `${window.location.protocol}//${window.location.hostname}:5181`
  const curl = curlExample(url, props.apiKey, slug)
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`API key for ${props.source.name}`}
      size="xl"
      closeOnClickOutside={false}
    >
      <Stack>
        <Alert color="orange" icon={<IconKey />}>
          Copy the key now. Leadline keeps only a fingerprint of it and cannot show it again; if it is lost, rotate it.
        </Alert>
        <Group wrap="nowrap" align="center">
          <Code fz="sm" style={{ flex: 1, wordBreak: 'break-all' }} data-testid="api-key">
            {props.apiKey}
          </Code>
          <Copy value={props.apiKey} label="Copy key" />
        </Group>
        <Text size="sm">
          Intake URL: <Code>{url}/api/v1/leads</Code>
        </Text>
        <Group justify="space-between" align="flex-end">
          <Text size="sm" fw={600}>
            Try it
          </Text>
          <Copy value={curl} label="Copy curl" />
        </Group>
        <Code block data-testid="curl-example">
          {curl}
        </Code>
        <Group justify="flex-end">
          <Button onClick={props.onClose}>I have stored the key</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
