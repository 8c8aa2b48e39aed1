import { handlers } from '../api/handlers'
import { createDispatcher, type Dispatch } from '../api/dispatcher'
import { hostname } from 'node:os'
import type Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { startCheckpointer } from '../db/checkpointer'
import { openDatabase } from '../db/database'
import { serveDemoPartners } from '../demo/served-partners'
import { type Clock, type Ids, mathRandom, randomIds, type Random, systemClock } from '../services/deps'
import { JobRunner } from '../services/jobs'
import { EventBus } from './events'
import type { Platform } from './platform'
import { relayEvents } from './relay-events'
import { createServices, type Services } from './services'

export interface AppOptions {
  /** A workspace file (SQLite), or a `postgres://` URL of the team server's database. */
  workspace: string
  nativeBinding?: string
  clock?: Clock
  ids?: Ids
  random?: Random
  /** Native dialogs of the desktop shell; absent in the browser host (files become downloads). */
  platform?: Platform
  /** Checkpoint the WAL from a worker thread (default true). */
  backgroundCheckpoints?: boolean
  /** Where background failures are logged (the team server's structured log); console by default. */
  logger?: { error(data: object, message: string): void }
  /**
   * Run background work from the jobs table, once across every process on the database (default:
   * on PostgreSQL, where several servers may share it; a workspace file has one process and runs
   * it on timers).
   */
  jobs?: boolean
  /** Among several servers, a Pending lead untouched this long is taken as abandoned (default 5 min). */
  abandonedAfterMs?: number
}

export interface Health {
  ok: boolean
  database: 'reachable' | 'unreachable'
  migrations: 'current' | 'pending' | 'unknown'
}

/** Everything one open workspace needs, for Electron and the browser host alike. */
export interface LeadlineApp {
  workspace: string
  /** The workspace file's raw connection (SQLite only; null on PostgreSQL), for file-level tools and tests. */
  sqlite: Database.Database | null
  backupPath: string | null
  services: Services
  events: EventBus
  dispatch: Dispatch
  /** Database reachable and its schema current, for `/healthz`. */
  health(): Promise<Health>
  close(): Promise<void>
}

/** This process's name in job claims and relayed events. */
function processName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
}

/**
 * A timer's work that never overlaps itself: a run asked for while the previous one is still
 * going is skipped (the work settles whatever is due when it runs). `settled` waits for the run
 * under way, so the workspace is not closed beneath it.
 */
function overlapFree(work: () => Promise<void>): { run: () => void; settled: () => Promise<void> } {
  let running: Promise<void> | null = null
  return {
    run: () => {
      if (running) return
      running = work().finally(() => {
        running = null
      })
    },
    settled: async () => {
      await running
    },
  }
}

export async function createApp(options: AppOptions): Promise<LeadlineApp> {
  const clock = options.clock ?? systemClock
  const logError = (what: string, error: unknown): void =>
    options.logger ? options.logger.error({ err: error }, what) : console.error(`[${what}]`, error)
  const opened = await openDatabase({
    target: options.workspace,
    nativeBinding: options.nativeBinding,
    now: () => clock.now(),
  })
  const postgres = opened.dialect === 'postgres'
  // The WAL is checkpointed off the main thread; the main connection's own automatic checkpoint
  // is kept, with a higher limit, only as a fallback should the worker fall behind.
  const checkpointer =
    options.backgroundCheckpoints === false || !opened.sqlite
      ? null
      : startCheckpointer({ path: opened.location, nativeBinding: options.nativeBinding })
  if (checkpointer) opened.sqlite?.pragma('wal_autocheckpoint = 10000')
  const events = new EventBus()
  const owner = processName()
  // Several servers on one database: each one's push events reach every operator's screen, and
  // every server's configuration cache hears a colleague's settings change.
  const relay = postgres
    ? await relayEvents(events, options.workspace, owner, (error) => logError('event relay', error))
    : null
  const services = createServices({
    db: opened.db,
    dialect: opened.dialect,
    clock,
    ids: options.ids ?? randomIds,
    random: options.random ?? mathRandom,
    events,
  })
  await services.auth.ensureRoles()
  services.files.setPlatform(options.platform ?? null)
  let closed = false
  // On a shared database, background work is claimed from the jobs table so it runs once across
  // every server; a workspace file has one process, which runs it on timers.
  const jobs =
    (options.jobs ?? postgres)
      ? new JobRunner({ db: opened.db, clock, owner, onError: (job, error) => logError(`job ${job}`, error) })
      : null
  // Leads a crash left half-way are distributed again, once, before anything new arrives. Among
  // several servers only leads untouched for a while are (another server may be on the others).
  const abandonedAfterMs = options.abandonedAfterMs ?? 5 * 60_000
  const abandoned = (): { staleBefore?: number } => (jobs ? { staleBefore: clock.now() - abandonedAfterMs } : {})
  await services.distribution.resumePending(abandoned())
  // Withheld leads go out when a new billing period starts (or the threshold is raised).
  const release = async (): Promise<void> => {
    if (closed || !(await services.distribution.hasReleasable())) return
    await services.distribution.releaseWithheld()
  }
  const releaseWithheld = overlapFree(() => release().catch((error: unknown) => logError('withheld release', error)))
  let withheldTimer: NodeJS.Timeout | null = null
  if (jobs) {
    await jobs.register({
      name: 'reverse-auctions',
      everyMs: 30_000,
      run: async () => void (await services.reverseAuctions.tick()),
    })
    await jobs.register({ name: 'marketplace', everyMs: 5_000, run: async () => void (await services.auctions.tick()) })
    await jobs.register({ name: 'withheld-release', everyMs: 60_000, run: release })
    // A server killed mid-lead leaves it Pending: a survivor resumes it once it is abandoned
    // (looked for at least as often as a lead becomes abandoned, so none waits twice as long).
    await jobs.register({
      name: 'resume-abandoned',
      everyMs: Math.min(30_000, abandonedAfterMs),
      run: async () => void (await services.distribution.resumePending(abandoned())),
    })
    // A raised threshold (on this server or, through the relay, another) releases at the next poll.
    // A reload still under way when the app closes must not touch the closed database.
    services.distribution.config.onReload(() => {
      if (closed) return
      jobs.wake('withheld-release').catch((error: unknown) => logError('withheld release', error))
    })
    jobs.start()
  } else {
    // Reverse auctions close at their deadline; a missed tick is caught up by the next one.
    services.reverseAuctions.start()
    services.distribution.config.onReload(() => setImmediate(releaseWithheld.run))
    withheldTimer = setInterval(releaseWithheld.run, 60_000)
    withheldTimer.unref()
    // Marketplace prices move on a timer and settle whatever is due when it fires.
    services.auctions.start()
  }
  // Webhook deliveries: every process sends the attempts due in the delivery queue, each claimed once.
  services.delivery.start()
  const demoPartners = await serveDemoPartners(opened.db, events)
  const dispatch = createDispatcher(handlers, services)
  return {
    workspace: opened.location,
    sqlite: opened.sqlite,
    backupPath: opened.backupPath,
    services,
    events,
    dispatch,
    health: async () => {
      try {
        await sql`SELECT 1`.execute(opened.db)
      } catch {
        return { ok: false, database: 'unreachable', migrations: 'unknown' }
      }
      const pending = await opened.pendingMigrations().catch(() => null)
      const migrations = pending === null ? 'unknown' : pending.length > 0 ? 'pending' : 'current'
      return { ok: migrations === 'current', database: 'reachable', migrations }
    },
    close: async () => {
      await demoPartners?.close()
      await jobs?.stop()
      await services.auctions.stop()
      await services.delivery.stop()
      closed = true
      if (withheldTimer) clearInterval(withheldTimer)
      await services.reverseAuctions.stop()
      await releaseWithheld.settled()
      // A settings change just before closing reloads the engine's configuration in the background.
      await services.distribution.config.settled()
      services.imports.close()
      services.files.close()
      await checkpointer?.stop()
      await relay?.close()
      await opened.close()
      checkpointer?.release()
    },
  }
}
