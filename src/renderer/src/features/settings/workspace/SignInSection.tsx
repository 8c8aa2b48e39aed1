import { Alert, Button, Group, Loader, NumberInput, Paper, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { SignInSettings } from '../../../../../shared/domain/config'
import { useApiQuery } from '../../../api/hooks'
import { useSave } from '../shared/useSave'

function Form(props: { settings: SignInSettings }) {
  const [value, setValue] = useState(props.settings)
  const save = useSave('signIn/update', { success: 'Sign-in settings saved' })
  const number = (key: keyof SignInSettings) => (v: string | number) => setValue({ ...value, [key]: Number(v) || 0 })
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(value)
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            After three failed sign-ins each attempt waits longer (1 s, 2 s, 4 s … 30 s). Past the limit the email is
            locked for a while; an address gets three times as many attempts. Locks are recorded in the activity log.
          </Text>
          <Group align="flex-start">
            <NumberInput
              label="Lock after failed sign-ins"
              min={3}
              max={100}
              value={value.lockAfterFailures}
              onChange={number('lockAfterFailures')}
              w={200}
            />
            <NumberInput
              label="Lock for (minutes)"
              min={1}
              max={1440}
              value={value.lockMinutes}
              onChange={number('lockMinutes')}
              w={160}
            />
            <NumberInput
              label="Sign out after idle (minutes)"
              description="A session unused this long ends"
              min={5}
              max={43_200}
              value={value.sessionIdleMinutes}
              onChange={number('sessionIdleMinutes')}
              w={230}
            />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save sign-in settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  )
}

export function SignInSection() {
  const query = useApiQuery('signIn/get', {})
  if (query.error) return <Alert color="red">{query.error.message}</Alert>
  if (!query.data) return <Loader />
  return <Form key={query.dataUpdatedAt} settings={query.data} />
}
