import { createContext, useContext } from 'react'
import type { Permission } from '../../../../shared/domain/permissions'
import type { SessionUser } from '../../../../shared/domain/user'

export interface Session {
  user: SessionUser
  workspaceName: string
  can(permission: Permission): boolean
  signOut(): void
}

export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside a signed-in screen')
  return session
}
