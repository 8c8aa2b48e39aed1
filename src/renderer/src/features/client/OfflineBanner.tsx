import { Alert, Group, Text } from '@mantine/core'
import { IconCloudOff } from '@tabler/icons-react'
import { clock, type ServerStatus } from './queries'

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** Says at once that the team server is away, what can still be done, and what waits to be sent. */
export function OfflineBanner(props: { status: ServerStatus }) {
  const { status } = props
  if (status.online) return null
  return (
    <Alert
      color="orange"
      variant="filled"
      radius={0}
      py={6}
      icon={<IconCloudOff size={18} />}
      data-testid="offline-banner"
    >
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {status.offlineSince === null ? 'Offline' : `Offline since ${clock(status.offlineSince)}`}
        </Text>
        <Text size="sm">·</Text>
        <Text size="sm">{plural(status.auditCached, 'Audit lead cached', 'Audit leads cached')}</Text>
        <Text size="sm">·</Text>
        <Text size="sm" data-testid="offline-waiting">
          {plural(status.waiting, 'decision waiting', 'decisions waiting')}
        </Text>
      </Group>
    </Alert>
  )
}
