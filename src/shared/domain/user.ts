import type { Permission } from './permissions'

export interface SessionUser {
  id: number
  name: string
  email: string
  role: string
  permissions: Permission[]
}
