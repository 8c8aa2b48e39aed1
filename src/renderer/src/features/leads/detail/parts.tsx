import { Badge, Divider, Group, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'

/** A titled block of the lead detail. */
export function Section(props: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Divider label={props.title} labelPosition="left" />
      {props.children}
    </Stack>
  )
}

export function KeyValue(props: { label: string; value: string | null | undefined; note?: string }) {
  return (
    <div>
      <Group gap={6}>
        <Text size="xs" c="dimmed">
          {props.label.charAt(0).toUpperCase() + props.label.slice(1)}
        </Text>
        {props.note && (
          <Badge size="xs" variant="outline" color="gray">
            {props.note}
          </Badge>
        )}
      </Group>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {props.value || '—'}
      </Text>
    </div>
  )
}
