import type { Permission } from '../../../shared/domain/permissions'
import { parseJson } from '../json'
import type { Store } from '../store'

export interface UserRecord {
  id: number
  name: string
  email: string
  roleId: number
  role: string
  permissions: Permission[]
  passwordHash: string
  active: boolean
}

export class UsersRepository {
  constructor(private readonly store: Store) {}

  count(): number {
    const row = this.store.first(this.store.q.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')))
    return row?.n ?? 0
  }

  private baseQuery() {
    return this.store.q
      .selectFrom('users')
      .innerJoin('roles', 'roles.id', 'users.role_id')
      .select([
        'users.id',
        'users.name',
        'users.email',
        'users.role_id',
        'users.password_hash',
        'users.active',
        'roles.name as role',
        'roles.permissions',
      ])
  }

  private map(row: {
    id: number
    name: string
    email: string
    role_id: number
    password_hash: string
    active: number
    role: string
    permissions: string
  }): UserRecord {
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      roleId: row.role_id,
      role: row.role,
      permissions: parseJson<Permission[]>(row.permissions, []),
      passwordHash: row.password_hash,
      active: row.active === 1,
    }
  }

  byEmail(email: string): UserRecord | undefined {
    const row = this.store.first(this.baseQuery().where('users.email', '=', email))
    return row && this.map(row)
  }

  byId(id: number): UserRecord | undefined {
    const row = this.store.first(this.baseQuery().where('users.id', '=', id))
    return row && this.map(row)
  }

  bySessionHash(tokenHash: string, now: number): UserRecord | undefined {
    const row = this.store.first(
      this.baseQuery()
        .innerJoin('sessions', 'sessions.user_id', 'users.id')
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', now),
    )
    return row && this.map(row)
  }

  roleId(name: string): number | undefined {
    return this.store.first(this.store.q.selectFrom('roles').select('id').where('name', '=', name))?.id
  }

  insertRole(name: string, permissions: readonly Permission[], builtin: boolean): number {
    const result = this.store.run(
      this.store.q
        .insertInto('roles')
        .values({ name, permissions: JSON.stringify(permissions), builtin: builtin ? 1 : 0 }),
    )
    return Number(result.lastInsertRowid)
  }

  insertUser(user: { name: string; email: string; roleId: number; passwordHash: string; now: number }): number {
    const result = this.store.run(
      this.store.q.insertInto('users').values({
        name: user.name,
        email: user.email,
        role_id: user.roleId,
        password_hash: user.passwordHash,
        created_at: user.now,
        last_login_at: null,
      }),
    )
    return Number(result.lastInsertRowid)
  }

  touchLogin(id: number, now: number): void {
    this.store.run(this.store.q.updateTable('users').set({ last_login_at: now }).where('id', '=', id))
  }

  insertSession(tokenHash: string, userId: number, now: number, expiresAt: number): void {
    this.store.run(
      this.store.q
        .insertInto('sessions')
        .values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt }),
    )
  }

  /** Moves a live session's idle deadline; an expired one stays expired. */
  extendSession(tokenHash: string, expiresAt: number): void {
    this.store.run(
      this.store.q
        .updateTable('sessions')
        .set({ expires_at: expiresAt })
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '<', expiresAt),
    )
  }

  deleteSession(tokenHash: string): void {
    this.store.run(this.store.q.deleteFrom('sessions').where('token_hash', '=', tokenHash))
  }
}
