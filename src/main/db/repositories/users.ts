import type { Permission } from '../../../shared/domain/permissions'
import type { Executor } from '../executor'
import { parseJson } from '../json'

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

function baseQuery(db: Executor) {
  return db
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

function map(row: {
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
    active: Number(row.active) === 1,
  }
}

/** Users, roles and sessions as sign-in sees them; every method runs on the caller's executor. */
export class UsersRepository {
  async count(db: Executor): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  async byEmail(db: Executor, email: string): Promise<UserRecord | undefined> {
    const row = await baseQuery(db).where('users.email', '=', email).executeTakeFirst()
    return row && map(row)
  }

  async byId(db: Executor, id: number): Promise<UserRecord | undefined> {
    const row = await baseQuery(db).where('users.id', '=', id).executeTakeFirst()
    return row && map(row)
  }

  async bySessionHash(db: Executor, tokenHash: string, now: number): Promise<UserRecord | undefined> {
    const row = await baseQuery(db)
      .innerJoin('sessions', 'sessions.user_id', 'users.id')
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst()
    return row && map(row)
  }

  /**
   * Takes the write lock of a role's row until the transaction `db` ends (an update that changes
   * nothing): units of work that must not run side by side, such as creating the first Admin,
   * wait for each other here on PostgreSQL as they do on SQLite.
   */
  async lockRole(db: Executor, name: string): Promise<void> {
    await db
      .updateTable('roles')
      .set((eb) => ({ builtin: eb.ref('builtin') }))
      .where('name', '=', name)
      .execute()
  }

  async roleId(db: Executor, name: string): Promise<number | undefined> {
    const row = await db.selectFrom('roles').select('id').where('name', '=', name).executeTakeFirst()
    return row?.id
  }

  async insertRole(db: Executor, name: string, permissions: readonly Permission[], builtin: boolean): Promise<number> {
    const row = await db
      .insertInto('roles')
      .values({ name, permissions: JSON.stringify(permissions), builtin: builtin ? 1 : 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async insertUser(
    db: Executor,
    user: { name: string; email: string; roleId: number; passwordHash: string; now: number },
  ): Promise<number> {
    const row = await db
      .insertInto('users')
      .values({
        name: user.name,
        email: user.email,
        role_id: user.roleId,
        password_hash: user.passwordHash,
        created_at: user.now,
        last_login_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async touchLogin(db: Executor, id: number, now: number): Promise<void> {
    await db.updateTable('users').set({ last_login_at: now }).where('id', '=', id).execute()
  }

  async insertSession(db: Executor, tokenHash: string, userId: number, now: number, expiresAt: number): Promise<void> {
    await db
      .insertInto('sessions')
      .values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt })
      .execute()
  }

  /** Moves a live session's idle deadline; an expired one stays expired. */
  async extendSession(db: Executor, tokenHash: string, expiresAt: number): Promise<void> {
    await db
      .updateTable('sessions')
      .set({ expires_at: expiresAt })
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '<', expiresAt)
      .execute()
  }

  async deleteSession(db: Executor, tokenHash: string): Promise<void> {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
  }
}
