import { Center, Stack, Text, ThemeIcon } from '@mantine/core'
import type { ReactNode } from 'react'

export function EmptyState(props: { icon: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Center py={60}>
      <Stack align="center" gap="xs" maw={420} ta="center">
        <ThemeIcon size={56} radius="xl" variant="light">
          {props.icon}
        </ThemeIcon>
        <Text fw={600} size="lg">
          {props.title}
        </Text>
        {props.children && (
          <Text c="dimmed" size="sm">
            {props.children}
          </Text>
        )}
        {props.action}
      </Stack>
    </Center>
  )
}
