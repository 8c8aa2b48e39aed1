import type { RoleDef, UserDef } from '../../../../shared/api/settings/users'
import type { Permission } from '../../../../shared/domain/permissions'
import { parseJson, toBool } from '../../json'
import type { Executor } from '../../executor'

/** The users and roles screens; sign-in lives in ../users.ts. */
export class UserAdminRepository {
  async users(db: Executor): Promise<UserDef[]> {
    const rows = await db
      .selectFrom('users as u')
      .innerJoin('roles as r', 'r.id', 'u.role_id')
      .select([
        'u.id',
        'u.name',
        'u.email',
        'u.role_id',
        'r.name as role',
        'u.active',
        'u.created_at',
        'u.last_login_at',
      ])
      .orderBy('u.name')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      roleId: r.role_id,
      role: r.role,
      active: toBool(r.active),
      createdAt: r.created_at,
      lastLoginAt: r.last_login_at,
    }))
  }

  async user(db: Executor, id: number): Promise<UserDef | undefined> {
    return (await this.users(db)).find((u) => u.id === id)
  }

  async roles(db: Executor): Promise<RoleDef[]> {
    const rows = await db
      .selectFrom('roles as r')
      .select((eb) => [
        'r.id',
        'r.name',
        'r.permissions',
        'r.builtin',
        eb
          .selectFrom('users')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('users.role_id', '=', 'r.id')
          .as('user_count'),
      ])
      .orderBy('r.id')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      permissions: parseJson<Permission[]>(r.permissions, []),
      builtin: toBool(r.builtin),
      userCount: r.user_count ?? 0,
    }))
  }

  async role(db: Executor, id: number): Promise<RoleDef | undefined> {
    return (await this.roles(db)).find((r) => r.id === id)
  }

  async roleByName(db: Executor, name: string): Promise<RoleDef | undefined> {
    return (await this.roles(db)).find((r) => r.name.toLowerCase() === name.toLowerCase())
  }

  async insertRole(db: Executor, name: string, permissions: Permission[]): Promise<number> {
    const r = await db
      .insertInto('roles')
      .values({ name, permissions: JSON.stringify(permissions), builtin: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async updateRole(db: Executor, id: number, patch: { name?: string; permissions?: Permission[] }): Promise<void> {
    await db
      .updateTable('roles')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.permissions !== undefined && { permissions: JSON.stringify(patch.permissions) }),
      })
      .where('id', '=', id)
      .execute()
  }

  async updateUser(
    db: Executor,
    id: number,
    patch: { name?: string; roleId?: number; active?: boolean; passwordHash?: string },
  ): Promise<void> {
    await db
      .updateTable('users')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.roleId !== undefined && { role_id: patch.roleId }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
      })
      .where('id', '=', id)
      .execute()
  }

  async endSessions(db: Executor, userId: number): Promise<void> {
    await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
  }

  /** Active users whose role holds the permission. */
  async activeHolders(db: Executor, permission: Permission): Promise<number[]> {
    const roleIds = (await this.roles(db)).filter((r) => r.permissions.includes(permission)).map((r) => r.id)
    return (await this.users(db)).filter((u) => u.active && roleIds.includes(u.roleId)).map((u) => u.id)
  }
}
