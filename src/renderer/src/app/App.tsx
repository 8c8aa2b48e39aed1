import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { HashRouter } from 'react-router'
import { ErrorBoundary } from '../components/ErrorBoundary'
import { AuthGate } from '../features/auth/AuthGate'
import { ConnectDialog } from '../features/client/ConnectDialog'
import { colorSchemeManager, theme } from './theme'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
  },
})

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      {/* Bottom left: clear of the Save and confirm buttons (forms and dialogs put them at the right) and of the tabs. */}
      <Notifications position="bottom-left" />
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <HashRouter>
            <AuthGate />
            <ConnectDialog />
          </HashRouter>
        </QueryClientProvider>
      </ErrorBoundary>
    </MantineProvider>
  )
}
