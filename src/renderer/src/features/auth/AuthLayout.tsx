import { Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconRoute } from '@tabler/icons-react'
import type { ReactNode } from 'react'

export function AuthLayout(props: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <Center mih="100%" p="md" bg="light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-8))">
      <Stack w={420} gap="lg">
        <Group gap="xs" justify="center">
          <ThemeIcon size="lg" radius="md">
            <IconRoute size={20} />
          </ThemeIcon>
          <Text fw={700} size="xl">
            Leadline
          </Text>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <Stack gap={4} mb="lg">
            <Title order={3}>{props.title}</Title>
            <Text c="dimmed" size="sm">
              {props.subtitle}
            </Text>
          </Stack>
          {props.children}
        </Paper>
      </Stack>
    </Center>
  )
}
