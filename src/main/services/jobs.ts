import type { Kysely } from 'kysely'
import { jobsRepository } from '../db/repositories/jobs'
import type { DB } from '../db/schema'
import type { Clock } from './deps'

export interface JobSpec {
  /** Unique across the app; the row's key. */
  name: string
  /** Time from the end of one run to the next one being due. */
  everyMs: number
  /**
   * How long a claim lasts without news from its process (default 30 s). A run renews it while it
   * works, so a long run keeps its job; a process killed mid-run lets another take the job over
   * once the lease ends.
   */
  leaseMs?: number
  run(): Promise<void>
}

export interface JobRunnerOptions {
  db: Kysely<DB>
  clock: Clock
  /** This process's name in claims (host, pid and a random part). */
  owner: string
  /** How often due jobs are looked for (default 1 s). */
  pollMs?: number
  /** How often a running job renews its lease (default a third of the lease). */
  renewMs?: number
  onError?: (job: string, error: unknown) => void
}

const DEFAULT_LEASE = 30_000

/**
 * Runs background work once across every process on the database. Each job is a row; a process
 * runs it only after claiming the row (a guarded UPDATE), renews the claim while the run lasts, then
 * schedules the next run. A process killed mid-run stops renewing: its claim expires after the job's
 * lease, and another process takes over.
 */
export class JobRunner {
  private readonly jobs = new Map<string, JobSpec>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopped = false

  constructor(private readonly options: JobRunnerOptions) {}

  get owner(): string {
    return this.options.owner
  }

  async register(spec: JobSpec): Promise<void> {
    this.jobs.set(spec.name, spec)
    await jobsRepository.ensure(this.options.db, spec.name, this.options.clock.now())
  }

  /** Makes a job due now (e.g. a setting it depends on changed); it runs at the next poll, once. */
  async wake(name: string): Promise<void> {
    await jobsRepository.wake(this.options.db, name, this.options.clock.now())
  }

  /** Claims and runs every due job once; returns the names this process ran. */
  async runDue(): Promise<string[]> {
    if (this.running) await this.running
    const ran: string[] = []
    const pass = (async () => {
      for (const job of this.jobs.values()) {
        if (this.stopped) break
        if (await this.runOne(job)) ran.push(job.name)
      }
    })()
    this.running = pass
    try {
      await pass
    } finally {
      this.running = null
    }
    return ran
  }

  start(): void {
    if (this.timer) return
    this.stopped = false
    const tick = (): void => {
      // A pass still running when the next poll comes is not doubled: the next poll waits for it.
      if (this.running) return
      this.runDue().catch((error: unknown) => this.options.onError?.('jobs', error))
    }
    this.timer = setInterval(tick, this.options.pollMs ?? 1000)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    if (this.running) await this.running.catch(() => undefined)
  }

  private async runOne(job: JobSpec): Promise<boolean> {
    const { db, clock, owner } = this.options
    const now = clock.now()
    const lease = job.leaseMs ?? DEFAULT_LEASE
    if (!(await jobsRepository.claim(db, job.name, owner, now, now + lease))) return false
    let renewing: Promise<unknown> = Promise.resolve()
    const renew = setInterval(
      () => {
        renewing = jobsRepository
          .extend(db, job.name, owner, clock.now() + lease)
          .catch((cause: unknown) => this.options.onError?.(job.name, cause))
      },
      this.options.renewMs ?? lease / 3,
    )
    renew.unref()
    let error: string | null = null
    try {
      await job.run()
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause)
      this.options.onError?.(job.name, cause)
    } finally {
      clearInterval(renew)
      await renewing
    }
    const finished = clock.now()
    await jobsRepository.finish(db, job.name, owner, finished, finished + job.everyMs, error)
    return true
  }
}
