import { AppError } from '../../shared/api/errors'
import type { SignInSettings } from '../../shared/domain/config'
import { type ThrottleRow, SignInThrottleRepository } from '../db/repositories/sign-in-throttle'
import { inTransaction } from '../db/transaction'
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

/** The delay after `failures` (already divided by the key's scale): 1 s, 2 s, 4 s … 30 s. */
const delayAfter = (failures: number): number => Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_FAILURES))

/** The delays by failure count of a key counted at `scale`, as the throttle's upsert checks them. */
function delayBands(scale: number): { below: number | null; ms: number }[] {
  const bands: { below: number | null; ms: number }[] = []
  for (let failures = FREE_FAILURES; ; failures++) {
    const ms = delayAfter(failures)
    if (ms >= MAX_DELAY_MS) {
      bands.push({ below: null, ms })
      return bands
    }
    bands.push({ below: (failures + 1) * scale, ms })
  }
}

const BANDS = new Map([1, ADDRESS_FACTOR].map((scale) => [scale, delayBands(scale)]))

/** Why a key refuses an attempt now, with the time left; null if it does not (any more). */
function refusal(row: ThrottleRow, scale: number, what: string, now: number): string | null {
  if (row.lockedUntil !== null && row.lockedUntil > now)
    return `Too many failed sign-ins: ${what} is locked for ${timeLeft(row.lockedUntil - now)} more`
  const failures = Math.floor(row.failures / scale)
  if (failures < FREE_FAILURES || row.lockedUntil !== null) return null
  const wait = delayAfter(failures)
  if (now < row.lastFailureAt + wait)
    return `Too many failed sign-ins: try again in ${timeLeft(row.lastFailureAt + wait - now)}`
  return null
}

/**
 * Sign-in throttling per email and per address: after a few failures each attempt must wait
 * longer (1 s, 2 s, 4 s … 30 s after the last failure), and past `lockAfterFailures` the email
 * (or three times that, the address) is locked for `lockMinutes`. The counts live in the
 * workspace, so every process serving it sees the same ones; locks go to the activity log.
 */
export class SignInGuard {
  private readonly repo = new SignInThrottleRepository()

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly settings: () => Promise<SignInSettings>,
  ) {}

  private keys(email: string, address: string): { key: string; scale: number; what: string }[] {
    return [
      { key: `email:${email}`, scale: 1, what: 'this email' },
      { key: `ip:${address}`, scale: ADDRESS_FACTOR, what: 'this address' },
    ]
  }

  /**
   * Counts the attempt as failed before any password is checked, unless a key is locked or must
   * still wait (then it is refused, with the time left, and nothing is counted). Checking and
   * counting are one guarded statement per key, so parallel guesses each see the ones before
   * them and wait behind the delays too. A success takes it back.
   */
  async attempt(email: string, address: string): Promise<void> {
    const settings = await this.settings()
    const now = this.deps.clock.now()
    const lockMs = settings.lockMinutes * 60_000
    await inTransaction(this.deps.db, async (trx) => {
      for (const { key, scale, what } of this.keys(email, address)) {
        const lockAt = settings.lockAfterFailures * scale
        const failures = await this.repo.attempt(trx, {
          key,
          now,
          forgetBefore: now - lockMs,
          free: FREE_FAILURES * scale,
          delays: BANDS.get(scale) ?? delayBands(scale),
          lockAt,
          lockUntil: now + lockMs,
        })
        if (failures === null) {
          // Refused: say why; throwing takes back the count of a key before this one.
          const row = await this.repo.get(trx, key)
          throw new AppError(
            'FORBIDDEN',
            (row && refusal(row, scale, what, now)) ?? 'Too many failed sign-ins: try again in 1 s',
          )
        }
        if (failures !== lockAt) continue
        await this.auditLog.write(
          trx,
          null,
          'auth.locked',
          { type: 'sign-in', id: key },
          `Locked sign-in for ${what} (${key.slice(key.indexOf(':') + 1)}) for ${settings.lockMinutes} min after ${failures} failed attempts`,
        )
      }
    })
  }

  /** The attempt was wrong: it stays counted, and the activity log says so. */
  async rejected(email: string, address: string): Promise<void> {
    await this.auditLog.write(
      this.deps.db,
      null,
      'auth.failed',
      { type: 'sign-in', id: `email:${email}` },
      `Failed sign-in for ${email} from ${address}`,
    )
  }

  /** The attempt was right: the email starts over, and the address gets its attempt back. */
  async succeeded(email: string, address: string): Promise<void> {
    await inTransaction(this.deps.db, async (trx) => {
      await this.repo.clear(trx, `email:${email}`)
      await this.repo.forgive(trx, `ip:${address}`)
    })
  }
}
