import { createHash, randomBytes } from 'node:crypto'
import { AppError } from '../../shared/api/errors'
import { DEFAULT_ROLES, type RoleName } from '../../shared/domain/permissions'
import { DEFAULT_SIGN_IN, type SignInSettings, signInSettingsSchema } from '../../shared/domain/config'
import type { SessionUser } from '../../shared/domain/user'
import { SettingsRepository } from '../db/repositories/settings'
import { type UserRecord, UsersRepository } from '../db/repositories/users'
import type { AuditLog } from './audit-log'
import type { Deps } from './deps'
import { hashPassword, verifyPassword } from './passwords'
import { SignInGuard } from './sign-in-guard'

/** A session's idle deadline is pushed forward at most once a minute per process, not on every call. */
const EXTEND_EVERY_MS = 60_000

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export function toSessionUser(user: UserRecord): SessionUser {
  return { id: user.id, name: user.name, email: user.email, role: user.role, permissions: user.permissions }
}

/** The hash an unknown email's password is checked against, so that it costs the same scrypt work. */
let dummyHash: Promise<string> | null = null

export class AuthService {
  private readonly users: UsersRepository
  private readonly settings: SettingsRepository
  private readonly guard: SignInGuard
  private signIn: SignInSettings | null = null
  /** Token hash → when this process last pushed its idle deadline forward. */
  private readonly extended = new Map<string, number>()

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
  ) {
    this.users = new UsersRepository(deps.store)
    this.settings = new SettingsRepository(deps.store)
    this.guard = new SignInGuard(deps, auditLog, () => this.signInSettings())
    deps.events.subscribe((event, payload) => {
      if (event === 'changed' && 'areas' in payload && payload.areas.includes('signIn')) this.signIn = null
    })
  }

  signInSettings(): SignInSettings {
    if (this.signIn) return this.signIn
    const parsed = signInSettingsSchema.safeParse(this.settings.get<unknown>('signIn', DEFAULT_SIGN_IN))
    this.signIn = parsed.success ? parsed.data : DEFAULT_SIGN_IN
    return this.signIn
  }

  private idleMs(): number {
    return this.signInSettings().sessionIdleMinutes * 60_000
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

  /** The session's user; a session unused for the idle time has expired, one in use is extended. */
  userForToken(token: string | null): SessionUser | null {
    if (!token) return null
    const hash = hashToken(token)
    const now = this.deps.clock.now()
    const user = this.users.bySessionHash(hash, now)
    if (!user || !user.active) return null
    const last = this.extended.get(hash)
    if (last === undefined || now - last >= EXTEND_EVERY_MS || now < last) {
      this.users.extendSession(hash, now + this.idleMs())
      if (this.extended.size >= 10_000) this.extended.clear()
      this.extended.set(hash, now)
    }
    return toSessionUser(user)
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

  /**
   * Throttled per email and per address before any password is checked. Same answer and the same
   * scrypt work for an unknown email and a wrong password: nothing to probe, nothing to time.
   */
  async login(email: string, password: string, address: string) {
    this.guard.attempt(email, address)
    const user = this.users.byEmail(email)
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash))
    if (!user || !ok) {
      this.guard.rejected(email, address)
      throw new AppError('UNAUTHENTICATED', 'Email or password is wrong')
    }
    if (!user.active) throw new AppError('UNAUTHENTICATED', 'This account is deactivated')
    this.guard.succeeded(email, address)
    this.users.touchLogin(user.id, this.deps.clock.now())
    return this.startSession(user.id)
  }

  logout(token: string | null): void {
    if (!token) return
    this.users.deleteSession(hashToken(token))
    this.extended.delete(hashToken(token))
  }

  private startSession(userId: number): { token: string; user: SessionUser } {
    const token = randomBytes(32).toString('base64url')
    const now = this.deps.clock.now()
    this.users.insertSession(hashToken(token), userId, now, now + this.idleMs())
    const user = this.users.byId(userId)
    if (!user) throw new AppError('INTERNAL', 'User vanished while signing in')
    return { token, user: toSessionUser(user) }
  }
}
