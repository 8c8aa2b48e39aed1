import { Alert, Button, Code, Container, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { Component, type ReactNode } from 'react'

interface State {
  error: Error | null
}

/** A screen that crashed shows what happened and a way back, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <Container size="sm" py="xl">
        <Alert color="red" icon={<IconAlertTriangle />} title="This screen stopped working">
          <Stack gap="sm">
            <Text size="sm">Your data is safe in the workspace. Reload the screen to carry on.</Text>
            <Code block>{this.state.error.message}</Code>
            <Button variant="light" color="red" w="fit-content" onClick={() => window.location.reload()}>
              Reload
            </Button>
          </Stack>
        </Alert>
      </Container>
    )
  }
}
