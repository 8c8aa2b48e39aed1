import { AppError, invalidState, notFound, validation } from '../../../shared/api/errors'
import type { RoleDef, UserDef } from '../../../shared/api/settings/users'
import type { Permission } from '../../../shared/domain/permissions'
import { UserAdminRepository } from '../../db/repositories/config/users'
import type { AuthService } from '../auth'
import type { Actor } from '../deps'
import { hashPassword } from '../passwords'
import type { ConfigContext } from './context'

/**
 * Users and roles. Two rules keep a workspace manageable: the Admin role always holds
 * users.manage, and the last active user who can manage users cannot be locked out.
 */
export class UsersSettings {
  private readonly repo: UserAdminRepository

  constructor(
    private readonly ctx: ConfigContext,
    private readonly auth: AuthService,
  ) {
    this.repo = new UserAdminRepository(ctx.deps.store)
  }

  list(): UserDef[] {
    return this.repo.users()
  }

  roles(): RoleDef[] {
    return this.repo.roles()
  }

  private user(id: number): UserDef {
    const u = this.repo.user(id)
    if (!u) throw notFound('User')
    return u
  }

  private role(id: number): RoleDef {
    const r = this.repo.role(id)
    if (!r) throw validation({ roleId: 'No such role' })
    return r
  }

  /** Throws when the change would leave nobody active who can manage users. */
  private keepManager(): void {
    if (this.repo.activeHolders('users.manage').length === 0)
      throw invalidState('At least one active user must keep the users.manage permission')
  }

  async create(
    actor: Actor,
    input: { name: string; email: string; roleId: number; password: string },
  ): Promise<UserDef> {
    const role = this.role(input.roleId)
    const hash = await hashPassword(input.password)
    const id = await this.auth.createUserRow(this.ctx.deps.db, input.name, input.email, role.name, hash)
    return this.ctx.write(['users', 'roles'], () => {
      const after = this.user(id)
      this.ctx.audit(
        actor,
        'user.create',
        { type: 'user', id },
        `Created user ${after.email} (${role.name})`,
        undefined,
        after,
      )
      return after
    })
  }

  update(actor: Actor, input: { id: number; name?: string; roleId?: number; active?: boolean }): UserDef {
    return this.ctx.write(['users', 'roles'], () => {
      const before = this.user(input.id)
      if (input.roleId !== undefined) this.role(input.roleId)
      if (input.active === false && input.id === actor.id) throw invalidState('You cannot deactivate yourself')
      const { id, ...patch } = input
      this.repo.updateUser(id, patch)
      // A deactivated user is signed out at once.
      if (input.active === false) this.repo.endSessions(id)
      this.keepManager()
      const after = this.user(id)
      this.ctx.audit(actor, 'user.update', { type: 'user', id }, `Changed user ${after.email}`, before, after)
      return after
    })
  }

  async resetPassword(actor: Actor, id: number, password: string): Promise<null> {
    const user = this.user(id)
    const hash = await hashPassword(password)
    return this.ctx.write(['users'], () => {
      this.repo.updateUser(id, { passwordHash: hash })
      this.repo.endSessions(id)
      this.ctx.audit(
        actor,
        'user.resetPassword',
        { type: 'user', id },
        `Reset the password of ${user.email}`,
        undefined,
        undefined,
      )
      return null
    })
  }

  createRole(actor: Actor, input: { name: string; permissions: Permission[] }): RoleDef {
    return this.ctx.write(['roles'], () => {
      if (this.repo.roleByName(input.name))
        throw new AppError('CONFLICT', `A role named ${input.name} exists`, { name: 'Already used' })
      const id = this.repo.insertRole(input.name, [...new Set(input.permissions)])
      const after = this.repo.role(id)
      if (!after) throw new AppError('INTERNAL', 'Role vanished')
      this.ctx.audit(
        actor,
        'role.create',
        { type: 'role', id: after.id },
        `Created role ${after.name}`,
        undefined,
        after,
      )
      return after
    })
  }

  updateRole(actor: Actor, input: { id: number; name?: string; permissions?: Permission[] }): RoleDef {
    return this.ctx.write(['roles', 'users'], () => {
      const before = this.repo.role(input.id)
      if (!before) throw notFound('Role')
      if (before.builtin && input.name !== undefined && input.name !== before.name)
        throw invalidState(`${before.name} is a built-in role; its name stays`)
      if (before.name === 'Admin' && input.permissions && !input.permissions.includes('users.manage'))
        throw validation({ permissions: 'Admin always keeps users.manage' }, 'Admin always keeps users.manage')
      const permissions = input.permissions && [...new Set(input.permissions)]
      this.repo.updateRole(input.id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(permissions && { permissions }),
      })
      this.keepManager()
      const after = this.repo.role(input.id)
      if (!after) throw notFound('Role')
      this.ctx.audit(
        actor,
        'role.update',
        { type: 'role', id: input.id },
        `Changed role ${after.name}`,
        { name: before.name, permissions: before.permissions },
        { name: after.name, permissions: after.permissions },
      )
      return after
    })
  }
}
