import { createHash, randomBytes } from 'node:crypto'
import { AppError } from '../../shared/api/errors'
import { DEFAULT_ROLES, type RoleName } from '../../shared/domain/permissions'
import type { SessionUser } from '../../shared/domain/user'
import { SettingsRepository } from '../db/repositories/settings'
import { type UserRecord, UsersRepository } from '../db/repositories/users'
import type { AuditLog } from './audit-log'
import type { Deps } from './deps'
import { hashPassword, verifyPassword } from './passwords'

const SESSION_DAYS = 30

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export function toSessionUser(user: UserRecord): SessionUser {
  return { id: user.id, name: user.name, email: user.email, role: user.role, permissions: user.permissions }
}

export class AuthService {
  private readonly users: UsersRepository
  private readonly settings: SettingsRepository

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
  ) {
    this.users = new UsersRepository(deps.store)
    this.settings = new SettingsRepository(deps.store)
  }

  /** Creates the default roles once; a workspace always has them. */
  ensureRoles(): void {
    this.deps.store.transaction(() => {
      for (const [name, permissions] of Object.entries(DEFAULT_ROLES)) {
        if (this.users.roleId(name) === undefined) this.users.insertRole(name, permissions, true)
      }
    })
  }

  needsSetup(): boolean {
    return this.users.count() === 0
  }

  workspaceName(): string {
    return this.settings.get('workspace.name', 'Leadline workspace')
  }

  userForToken(token: string | null): SessionUser | null {
    if (!token) return null
    const user = this.users.bySessionHash(hashToken(token), this.deps.clock.now())
    return user && user.active ? toSessionUser(user) : null
  }

  /** The first Admin of a new workspace. Refused once any user exists. */
  async setup(input: { workspaceName?: string; name: string; email: string; password: string }) {
    if (!this.needsSetup()) throw new AppError('INVALID_STATE', 'This workspace already has an administrator')
    const passwordHash = await hashPassword(input.password)
    const userId = this.deps.store.transaction(() => {
      if (!this.needsSetup()) throw new AppError('INVALID_STATE', 'This workspace already has an administrator')
      if (input.workspaceName) this.settings.set('workspace.name', input.workspaceName)
      const id = this.createUserRow(input.name, input.email, 'Admin', passwordHash)
      this.auditLog.record(
        { id, name: input.name },
        'workspace.setup',
        { type: 'user', id },
        `Created the first administrator ${input.email}`,
      )
      return id
    })
    return this.startSession(userId)
  }

  /** Used by setup, the demo generator and the users screen. */
  createUserRow(name: string, email: string, role: RoleName | string, passwordHash: string): number {
    const roleId = this.users.roleId(role)
    if (roleId === undefined) throw new AppError('VALIDATION', 'Unknown role', { role: `No role named ${role}` })
    if (this.users.byEmail(email))
      throw new AppError('CONFLICT', `A user with email ${email} already exists`, { email: 'Already in use' })
    return this.users.insertUser({ name, email, roleId, passwordHash, now: this.deps.clock.now() })
  }

  async login(email: string, password: string) {
    const user = this.users.byEmail(email)
    // Same answer for an unknown email and a wrong password: nothing to probe.
    const ok = user ? await verifyPassword(password, user.passwordHash) : false
    if (!user || !ok || !user.active) {
      throw new AppError('UNAUTHENTICATED', user && ok ? 'This account is deactivated' : 'Email or password is wrong')
    }
    this.users.touchLogin(user.id, this.deps.clock.now())
    return this.startSession(user.id)
  }

  logout(token: string | null): void {
    if (token) this.users.deleteSession(hashToken(token))
  }

  private startSession(userId: number): { token: string; user: SessionUser } {
    const token = randomBytes(32).toString('base64url')
    const now = this.deps.clock.now()
    this.users.insertSession(hashToken(token), userId, now, now + SESSION_DAYS * 86_400_000)
    const user = this.users.byId(userId)
    if (!user) throw new AppError('INTERNAL', 'User vanished while signing in')
    return { token, user: toSessionUser(user) }
  }
}
