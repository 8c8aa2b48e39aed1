import { createHash, randomBytes } from 'node:crypto'
import { AppError } from '../../shared/api/errors'
import { DEFAULT_ROLES, type RoleName } from '../../shared/domain/permissions'
import { DEFAULT_SIGN_IN, type SignInSettings, signInSettingsSchema } from '../../shared/domain/config'
import type { SessionUser } from '../../shared/domain/user'
import type { Executor } from '../db/executor'
import { SettingsRepository } from '../db/repositories/settings'
import { type UserRecord, UsersRepository } from '../db/repositories/users'
import { inTransaction } from '../db/transaction'
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
  private readonly users = new UsersRepository()
  private readonly guard: SignInGuard
  private signIn: SignInSettings | null = null
  /** Token hash → when this process last pushed its idle deadline forward. */
  private readonly extended = new Map<string, number>()

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
  ) {
    this.guard = new SignInGuard(deps, auditLog, () => this.signInSettings())
    deps.events.subscribe((event, payload) => {
      if (event === 'changed' && 'areas' in payload && payload.areas.includes('signIn')) this.signIn = null
    })
  }

  async signInSettings(): Promise<SignInSettings> {
    if (this.signIn) return this.signIn
    const parsed = signInSettingsSchema.safeParse(
      await SettingsRepository.get<unknown>(this.deps.db, 'signIn', DEFAULT_SIGN_IN),
    )
    this.signIn = parsed.success ? parsed.data : DEFAULT_SIGN_IN
    return this.signIn
  }

  private async idleMs(): Promise<number> {
    return (await this.signInSettings()).sessionIdleMinutes * 60_000
  }

  /** Creates the default roles once; a workspace always has them. */
  async ensureRoles(): Promise<void> {
    await inTransaction(this.deps.db, async (trx) => {
      for (const [name, permissions] of Object.entries(DEFAULT_ROLES)) {
        if ((await this.users.roleId(trx, name)) === undefined)
          await this.users.insertRole(trx, name, permissions, true)
      }
    })
  }

  async needsSetup(): Promise<boolean> {
    return (await this.users.count(this.deps.db)) === 0
  }

  workspaceName(): Promise<string> {
    return SettingsRepository.get(this.deps.db, 'workspace.name', 'Leadline workspace')
  }

  /** The session's user; a session unused for the idle time has expired, one in use is extended. */
  async userForToken(token: string | null): Promise<SessionUser | null> {
    if (!token) return null
    const hash = hashToken(token)
    const now = this.deps.clock.now()
    const user = await this.users.bySessionHash(this.deps.db, hash, now)
    if (!user || !user.active) return null
    const last = this.extended.get(hash)
    if (last === undefined || now - last >= EXTEND_EVERY_MS || now < last) {
      if (this.extended.size >= 10_000) this.extended.clear()
      this.extended.set(hash, now)
      await this.users.extendSession(this.deps.db, hash, now + (await this.idleMs()))
    }
    return toSessionUser(user)
  }

  /** The first Admin of a new workspace. Refused once any user exists. */
  async setup(input: { workspaceName?: string; name: string; email: string; password: string }) {
    if (!(await this.needsSetup())) throw new AppError('INVALID_STATE', 'This workspace already has an administrator')
    const passwordHash = await hashPassword(input.password)
    const userId = await inTransaction(this.deps.db, async (trx) => {
      // Two first Admins set up at the same moment: the second waits here, then finds the first.
      await this.users.lockRole(trx, 'Admin')
      if ((await this.users.count(trx)) !== 0)
        throw new AppError('INVALID_STATE', 'This workspace already has an administrator')
      if (input.workspaceName) await SettingsRepository.set(trx, 'workspace.name', input.workspaceName)
      const id = await this.createUserRow(trx, input.name, input.email, 'Admin', passwordHash)
      await this.auditLog.write(
        trx,
        { id, name: input.name },
        'workspace.setup',
        { type: 'user', id },
        `Created the first administrator ${input.email}`,
      )
      return id
    })
    return this.startSession(userId)
  }

  /** Used by setup, the demo generator and the users screen, in the caller's unit of work `db`. */
  async createUserRow(
    db: Executor,
    name: string,
    email: string,
    role: RoleName | string,
    passwordHash: string,
  ): Promise<number> {
    const roleId = await this.users.roleId(db, role)
    if (roleId === undefined) throw new AppError('VALIDATION', 'Unknown role', { role: `No role named ${role}` })
    if (await this.users.byEmail(db, email))
      throw new AppError('CONFLICT', `A user with email ${email} already exists`, { email: 'Already in use' })
    return this.users.insertUser(db, { name, email, roleId, passwordHash, now: this.deps.clock.now() })
  }

  /**
   * Throttled per email and per address before any password is checked. Same answer and the same
   * scrypt work for an unknown email and a wrong password: nothing to probe, nothing to time.
   */
  async login(email: string, password: string, address: string) {
    await this.guard.attempt(email, address)
    const user = await this.users.byEmail(this.deps.db, email)
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash))
    if (!user || !ok) {
      await this.guard.rejected(email, address)
      throw new AppError('UNAUTHENTICATED', 'Email or password is wrong')
    }
    if (!user.active) throw new AppError('UNAUTHENTICATED', 'This account is deactivated')
    await this.guard.succeeded(email, address)
    await this.users.touchLogin(this.deps.db, user.id, this.deps.clock.now())
    return this.startSession(user.id)
  }

  async logout(token: string | null): Promise<void> {
    if (!token) return
    this.extended.delete(hashToken(token))
    await this.users.deleteSession(this.deps.db, hashToken(token))
  }

  private async startSession(userId: number): Promise<{ token: string; user: SessionUser }> {
    const token = randomBytes(32).toString('base64url')
    const now = this.deps.clock.now()
    const expiresAt = now + (await this.idleMs())
    const user = await inTransaction(this.deps.db, async (trx) => {
      await this.users.insertSession(trx, hashToken(token), userId, now, expiresAt)
      return this.users.byId(trx, userId)
    })
    if (!user) throw new AppError('INTERNAL', 'User vanished while signing in')
    return { token, user: toSessionUser(user) }
  }
}
