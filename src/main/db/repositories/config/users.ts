import type { RoleDef, UserDef } from '../../../../shared/api/settings/users'
import type { Permission } from '../../../../shared/domain/permissions'
import { parseJson, toBool } from '../../json'
import type { Store } from '../../store'

/** The users and roles screens; sign-in lives in ../users.ts. */
export class UserAdminRepository {
  constructor(private readonly store: Store) {}

  users(): UserDef[] {
    return this.store
      .all(
        this.store.q
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
          .orderBy('u.name'),
      )
      .map((r) => ({
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

  user(id: number): UserDef | undefined {
    return this.users().find((u) => u.id === id)
  }

  roles(): RoleDef[] {
    return this.store
      .all(
        this.store.q
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
          .orderBy('r.id'),
      )
      .map((r) => ({
        id: r.id,
        name: r.name,
        permissions: parseJson<Permission[]>(r.permissions, []),
        builtin: toBool(r.builtin),
        userCount: r.user_count ?? 0,
      }))
  }

  role(id: number): RoleDef | undefined {
    return this.roles().find((r) => r.id === id)
  }

  roleByName(name: string): RoleDef | undefined {
    return this.roles().find((r) => r.name.toLowerCase() === name.toLowerCase())
  }

  insertRole(name: string, permissions: Permission[]): number {
    const r = this.store.run(
      this.store.q.insertInto('roles').values({ name, permissions: JSON.stringify(permissions), builtin: 0 }),
    )
    return Number(r.lastInsertRowid)
  }

  updateRole(id: number, patch: { name?: string; permissions?: Permission[] }): void {
    this.store.run(
      this.store.q
        .updateTable('roles')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.permissions !== undefined && { permissions: JSON.stringify(patch.permissions) }),
        })
        .where('id', '=', id),
    )
  }

  updateUser(id: number, patch: { name?: string; roleId?: number; active?: boolean; passwordHash?: string }): void {
    this.store.run(
      this.store.q
        .updateTable('users')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.roleId !== undefined && { role_id: patch.roleId }),
          ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
          ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
        })
        .where('id', '=', id),
    )
  }

  endSessions(userId: number): void {
    this.store.run(this.store.q.deleteFrom('sessions').where('user_id', '=', userId))
  }

  /** Active users whose role holds the permission. */
  activeHolders(permission: Permission): number[] {
    const roleIds = this.roles()
      .filter((r) => r.permissions.includes(permission))
      .map((r) => r.id)
    return this.users()
      .filter((u) => u.active && roleIds.includes(u.roleId))
      .map((u) => u.id)
  }
}
