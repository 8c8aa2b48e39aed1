import { Center, Loader } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { call, onUnauthenticated } from '../../api/client'
import { useApiQuery, useChangeInvalidation } from '../../api/hooks'
import { Shell } from '../../app/Shell'
import { LoginPage } from './LoginPage'
import { type Session, SessionContext } from './session'
import { SetupPage } from './SetupPage'

/** Decides between first-run setup, sign-in and the app, from what the main process says. */
export function AuthGate() {
  const client = useQueryClient()
  const status = useApiQuery('auth/status', {})
  useChangeInvalidation()

  useEffect(() => onUnauthenticated(() => void client.invalidateQueries({ queryKey: ['auth/status'] })), [client])

  const data = status.data
  const session = useMemo<Session | null>(() => {
    if (!data?.user) return null
    const user = data.user
    return {
      user,
      workspaceName: data.workspaceName,
      can: (p) => user.permissions.includes(p),
      signOut: () => {
        void call('auth/logout', {}).finally(() => client.resetQueries())
      },
    }
  }, [data, client])

  if (!data) {
    return (
      <Center h="100%">
        <Loader aria-label="Loading" />
      </Center>
    )
  }
  const refresh = () => void client.resetQueries()
  if (data.needsSetup) return <SetupPage onDone={refresh} />
  if (!session) return <LoginPage workspaceName={data.workspaceName} onDone={refresh} />
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  )
}
