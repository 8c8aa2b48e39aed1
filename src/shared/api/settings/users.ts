import { z } from 'zod'
import { PERMISSIONS, type Permission } from '../../domain/permissions'
import { method } from '../define'
import { id, name } from './common'

export interface UserDef {
  id: number
  name: string
  email: string
  roleId: number
  role: string
  active: boolean
  createdAt: number
  lastLoginAt: number | null
}

export interface RoleDef {
  id: number
  name: string
  permissions: Permission[]
  builtin: boolean
  userCount: number
}

const email = z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address'))
const password = z.string().min(8, 'Use at least 8 characters').max(200)

export const usersContract = {
  'users/list': method<UserDef[]>()({ input: z.object({}).default({}), access: 'users.manage' }),
  'users/create': method<UserDef>()({
    input: z.object({ name, email, roleId: id, password }),
    access: 'users.manage',
  }),
  'users/update': method<UserDef>()({
    input: z.object({ id, name: name.optional(), roleId: id.optional(), active: z.boolean().optional() }),
    access: 'users.manage',
  }),
  /** Sets a new password and signs the user out everywhere. */
  'users/resetPassword': method<null>()({ input: z.object({ id, password }), access: 'users.manage' }),
  'roles/list': method<RoleDef[]>()({ input: z.object({}).default({}), access: 'users.manage' }),
  'roles/create': method<RoleDef>()({
    input: z.object({ name, permissions: z.array(z.enum(PERMISSIONS)) }),
    access: 'users.manage',
  }),
  /** Admin always keeps users.manage, so the workspace can never lock itself out. */
  'roles/update': method<RoleDef>()({
    input: z.object({ id, name: name.optional(), permissions: z.array(z.enum(PERMISSIONS)).optional() }),
    access: 'users.manage',
  }),
}
