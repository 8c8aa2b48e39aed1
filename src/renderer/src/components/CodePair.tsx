import { Code, SimpleGrid, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'

interface Block {
  label: ReactNode
  code: string
}

/** Two labelled code blocks side by side, as a table row expands: sent and answer, before and after. */
export function CodePair(props: {
  left: Block
  right: Block
  /** Wrap long lines (form bodies, URLs) rather than scroll. */ wrap?: boolean
}) {
  const wrap = props.wrap ? ({ whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const) : undefined
  return (
    <SimpleGrid cols={2} p="sm">
      {[props.left, props.right].map((b, i) => (
        <Stack gap={4} key={i}>
          <Text size="xs" c="dimmed">
            {b.label}
          </Text>
          <Code block fz="xs" style={wrap}>
            {b.code}
          </Code>
        </Stack>
      ))}
    </SimpleGrid>
  )
}
