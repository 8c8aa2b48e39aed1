import { AppError } from '../../shared/api/errors'
import type { SignInSettings } from '../../shared/domain/config'
import { SignInThrottleRepository } from '../db/repositories/sign-in-throttle'
import type { AuditLog } from './audit-log'
import type { Deps } from './deps'

/** Failures before the delays start, and the longest delay between two attempts. */
const FREE_FAILURES = 3
const MAX_DELAY_MS = 30_000
/** An address is shared by an office: it gets this many times the failures an email gets. */
const ADDRESS_FACTOR = 3

function timeLeft(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  if (seconds < 90) return `${seconds} s`
  return `${Math.ceil(seconds / 60)} min`
}

/**
 * Sign-in throttling per email and per address: after a few failures each attempt must wait
 * longer (1 s, 2 s, 4 s … 30 s after the last failure), and past `lockAfterFailures` the email
 * (or three times that, the address) is locked for `lockMinutes`. The counts live in the
 * workspace, so every process serving it sees the same ones; locks go to the activity log.
 */
export class SignInGuard {
  private readonly repo: SignInThrottleRepository

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly settings: () => SignInSettings,
  ) {
    this.repo = new SignInThrottleRepository(deps.store)
  }

  private keys(email: string, address: string): { key: string; scale: number; what: string }[] {
    return [
      { key: `email:${email}`, scale: 1, what: 'this email' },
      { key: `ip:${address}`, scale: ADDRESS_FACTOR, what: 'this address' },
    ]
  }

  /** Refuses, with the time left, an attempt that comes while a key is locked or must still wait. */
  private check(email: string, address: string): void {
    const now = this.deps.clock.now()
    const keys = this.keys(email, address)
    const rows = new Map(this.repo.get(keys.map((k) => k.key)).map((r) => [r.key, r]))
    for (const { key, scale, what } of keys) {
      const row = rows.get(key)
      if (!row) continue
      if (row.lockedUntil !== null && row.lockedUntil > now) {
        throw new AppError(
          'FORBIDDEN',
          `Too many failed sign-ins: ${what} is locked for ${timeLeft(row.lockedUntil - now)} more`,
        )
      }
      const failures = Math.floor(row.failures / scale)
      if (failures < FREE_FAILURES || (row.lockedUntil !== null && row.lockedUntil <= now)) continue
      const wait = Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_FAILURES))
      if (now < row.lastFailureAt + wait) {
        throw new AppError(
          'FORBIDDEN',
          `Too many failed sign-ins: try again in ${timeLeft(row.lastFailureAt + wait - now)}`,
        )
      }
    }
  }

  /**
   * Checks, then counts the attempt as failed before any password is checked: parallel guesses
   * each see the ones before them and wait behind the delays too. A success takes it back.
   */
  attempt(email: string, address: string): void {
    this.check(email, address)
    const settings = this.settings()
    const now = this.deps.clock.now()
    const lockMs = settings.lockMinutes * 60_000
    this.deps.store.transaction(() => {
      for (const { key, scale, what } of this.keys(email, address)) {
        const failures = this.repo.fail(key, now, now - lockMs)
        if (failures !== settings.lockAfterFailures * scale) continue
        this.repo.lock(key, now + lockMs)
        this.auditLog.record(
          null,
          'auth.locked',
          { type: 'sign-in', id: key },
          `Locked sign-in for ${what} (${key.slice(key.indexOf(':') + 1)}) for ${settings.lockMinutes} min after ${failures} failed attempts`,
        )
      }
    })
  }

  /** The attempt was wrong: it stays counted, and the activity log says so. */
  rejected(email: string, address: string): void {
    this.auditLog.record(
      null,
      'auth.failed',
      { type: 'sign-in', id: `email:${email}` },
      `Failed sign-in for ${email} from ${address}`,
    )
  }

  /** The attempt was right: the email starts over, and the address gets its attempt back. */
  succeeded(email: string, address: string): void {
    this.deps.store.transaction(() => {
      this.repo.clear(`email:${email}`)
      this.repo.forgive(`ip:${address}`)
    })
  }
}
