import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import type { IntakeState } from '../../../../../shared/api/settings/subscription'
import { useApiQuery } from '../../../api/hooks'
import { useConfirm } from '../shared/confirm'
import { useSave } from '../shared/useSave'
import { IntakeLimitsFields } from './IntakeLimitsFields'

const ALL_INTERFACES = ['0.0.0.0', '::']

function Form(props: { state: IntakeState }) {
  const [enabled, setEnabled] = useState(props.state.enabled)
  const [port, setPort] = useState<number>(props.state.port)
  const [host, setHost] = useState(props.state.host)
  const [limits, setLimits] = useState(props.state.limits)
  const [proxies, setProxies] = useState(props.state.trustedProxies)
  const confirm = useConfirm()
  const save = useSave('intake/update', { success: 'Intake settings saved' })
  const open = ALL_INTERFACES.includes(host.trim())
  const submit = () => save.mutate({ enabled, port, host: host.trim(), limits, trustedProxies: proxies })
  return (
    <Paper withBorder p="md">
      {confirm.element}
      <Stack>
        <Switch
          label="Accept leads over HTTP (intake API)"
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        <Group align="flex-start">
          <TextInput
            label="Bind address"
            description="127.0.0.1 accepts connections from this computer only"
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            w={260}
          />
          <NumberInput
            label="Port"
            min={1}
            max={65535}
            value={port}
            onChange={(v) => setPort(Number(v) || 0)}
            w={140}
          />
        </Group>
        {open && (
          <Alert color="orange" icon={<IconAlertTriangle />} title="Reachable from other machines">
            Binding to {host.trim()} lets anyone on your network reach the intake API. Sources still need a valid API
            key.
          </Alert>
        )}
        <IntakeLimitsFields limits={limits} onLimits={setLimits} proxies={proxies} onProxies={setProxies} />
        <Group gap="xs">
          <Badge color={props.state.running ? 'teal' : 'gray'} variant="light" tt="none">
            {props.state.running ? 'Listening' : 'Not running'}
          </Badge>
          <Text size="sm">
            Sources post to <Code>{props.state.url}/api/v1/leads</Code>
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          The desktop app restarts its intake server with new settings as soon as they are saved.
        </Text>
        <Group justify="flex-end">
          <Button
            loading={save.isPending}
            onClick={() =>
              open && !ALL_INTERFACES.includes(props.state.host)
                ? confirm.ask({
                    title: 'Open the intake API to your network?',
                    body: `The desktop app will listen on every network interface (${host.trim()}:${port}). Only do this when sources outside this computer must reach it.`,
                    confirm: 'Bind to all interfaces',
                    color: 'orange',
                    onConfirm: submit,
                  })
                : submit()
            }
          >
            Save intake settings
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}

export function IntakeSection() {
  const query = useApiQuery('intake/get', {})
  if (query.error) return <Alert color="red">{query.error.message}</Alert>
  if (!query.data) return <Loader />
  return <Form key={query.dataUpdatedAt} state={query.data} />
}
