import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useEffect, useState } from 'react'
import { on } from '../../api/client'
import { useApiMutation } from '../../api/hooks'

/**
 * File → Connect to Team Server…: the address, checked in the main process (https:// unless it is
 * this machine); the app then reopens on the server and shows its sign-in.
 */
export function ConnectDialog() {
  const [opened, setOpened] = useState(false)
  const [url, setUrl] = useState('')
  const connect = useApiMutation('client/connect')
  useEffect(() => on('menu', ({ action }) => action === 'connectToServer' && setOpened(true)), [])
  if (!opened) return null
  return (
    <Modal opened onClose={() => setOpened(false)} title="Connect to a team server">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          connect.mutate({ url })
        }}
      >
        <Stack>
          <TextInput
            label="Server address"
            placeholder="https://leads.example.com"
            data-autofocus
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={connect.error?.fields?.url ?? connect.error?.message}
          />
          <Text size="sm" c="dimmed">
            Leadline reopens on the server and asks you to sign in there. Audit leads are kept on this computer for
            review when the network drops.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={connect.isPending || connect.isSuccess} disabled={!url.trim()}>
              Connect
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
