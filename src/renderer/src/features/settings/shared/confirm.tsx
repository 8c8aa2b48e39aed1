import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { type ReactNode, useState } from 'react'

export interface ConfirmOptions {
  title: string
  body: ReactNode
  confirm: string
  color?: string
  onConfirm: () => void
}

/** A confirmation dialog owned by the screen that asks: `ask(options)`, and render `element`. */
export function useConfirm(): { ask: (options: ConfirmOptions) => void; element: ReactNode } {
  const [options, setOptions] = useState<ConfirmOptions | null>(null)
  const element = options && (
    <Modal opened onClose={() => setOptions(null)} title={options.title} centered>
      <Stack>
        {typeof options.body === 'string' ? <Text size="sm">{options.body}</Text> : options.body}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOptions(null)}>
            Cancel
          </Button>
          <Button
            color={options.color ?? 'red'}
            data-autofocus
            onClick={() => {
              options.onConfirm()
              setOptions(null)
            }}
          >
            {options.confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
  return { ask: setOptions, element }
}
