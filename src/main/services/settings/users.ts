import { AppError, invalidState, notFound, validation } from '../../../shared/api/errors'
import type { RoleDef, UserDef } from '../../../shared/api/settings/users'
import type { Permission } from '../../../shared/domain/permissions'
import type { Executor } from '../../db/executor'
import { UserAdminRepository } from '../../db/repositories/config/users'
import type { Actor } from '../deps'
import { hashPassword } from '../passwords'
import type { ConfigContext } from './context'
import type { UserRows } from './ports'

/**
 * Users and roles. Two rules keep a workspace manageable: the Admin role always holds
 * users.manage, and the last active user who can manage users cannot be locked out.
 */
export class UsersSettings {
  private readonly repo = new UserAdminRepository()

  constructor(
    private readonly ctx: ConfigContext,
    private readonly auth: UserRows,
  ) {}

  async list(): Promise<UserDef[]> {
    return this.repo.users(this.ctx.db)
  }

  async roles(): Promise<RoleDef[]> {
    return this.repo.roles(this.ctx.db)
  }

  private async user(db: Executor, id: number): Promise<UserDef> {
    const u = await this.repo.user(db, id)
    if (!u) throw notFound('User')
    return u
  }

  private async role(db: Executor, id: number): Promise<RoleDef> {
    const r = await this.repo.role(db, id)
    if (!r) throw validation({ roleId: 'No such role' })
    return r
  }

  /** Throws when the change would leave nobody active who can manage users. */
  private async keepManager(db: Executor): Promise<void> {
    if ((await this.repo.activeHolders(db, 'users.manage')).length === 0)
      throw invalidState('At least one active user must keep the users.manage permission')
  }

  /** The password is hashed before the unit of work opens: hashing takes a while and holds nothing. */
  async create(
    actor: Actor,
    input: { name: string; email: string; roleId: number; password: string },
  ): Promise<UserDef> {
    const role = await this.role(this.ctx.db, input.roleId)
    const hash = await hashPassword(input.password)
    return this.ctx.write(['users', 'roles'], async (trx) => {
      const id = await this.auth.createUserRow(trx, input.name, input.email, role.name, hash)
      const after = await this.user(trx, id)
      await this.ctx.audit(
        trx,
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

  async update(
    actor: Actor,
    input: { id: number; name?: string; roleId?: number; active?: boolean },
  ): Promise<UserDef> {
    return this.ctx.write(['users', 'roles'], async (trx) => {
      const before = await this.user(trx, input.id)
      if (input.roleId !== undefined) await this.role(trx, input.roleId)
      if (input.active === false && input.id === actor.id) throw invalidState('You cannot deactivate yourself')
      const { id, ...patch } = input
      await this.repo.updateUser(trx, id, patch)
      // A deactivated user is signed out at once.
      if (input.active === false) await this.repo.endSessions(trx, id)
      await this.keepManager(trx)
      const after = await this.user(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'user.update',
        { type: 'user', id },
        `Changed user ${after.email}`,
        before,
        after,
      )
      return after
    })
  }

  async resetPassword(actor: Actor, id: number, password: string): Promise<null> {
    const user = await this.user(this.ctx.db, id)
    const hash = await hashPassword(password)
    return this.ctx.write(['users'], async (trx) => {
      await this.repo.updateUser(trx, id, { passwordHash: hash })
      await this.repo.endSessions(trx, id)
      await this.ctx.audit(
        trx,
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

  async createRole(actor: Actor, input: { name: string; permissions: Permission[] }): Promise<RoleDef> {
    return this.ctx.write(['roles'], async (trx) => {
      if (await this.repo.roleByName(trx, input.name))
        throw new AppError('CONFLICT', `A role named ${input.name} exists`, { name: 'Already used' })
      const id = await this.repo.insertRole(trx, input.name, [...new Set(input.permissions)])
      const after = await this.repo.role(trx, id)
      if (!after) throw new AppError('INTERNAL', 'Role vanished')
      await this.ctx.audit(
        trx,
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

  async updateRole(actor: Actor, input: { id: number; name?: string; permissions?: Permission[] }): Promise<RoleDef> {
    return this.ctx.write(['roles', 'users'], async (trx) => {
      const before = await this.repo.role(trx, input.id)
      if (!before) throw notFound('Role')
      if (before.builtin && input.name !== undefined && input.name !== before.name)
        throw invalidState(`${before.name} is a built-in role; its name stays`)
      if (before.name === 'Admin' && input.permissions && !input.permissions.includes('users.manage'))
        throw validation({ permissions: 'Admin always keeps users.manage' }, 'Admin always keeps users.manage')
      const permissions = input.permissions && [...new Set(input.permissions)]
      await this.repo.updateRole(trx, input.id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(permissions && { permissions }),
      })
      await this.keepManager(trx)
      const after = await this.repo.role(trx, input.id)
      if (!after) throw notFound('Role')
      await this.ctx.audit(
        trx,
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
