/**
 * Work that settles whatever is due at a moment (auction deadlines, price steps): runs one at a
 * time in the order asked, and on a timer that skips its turn while a run is still under way.
 * `stop()` ends the timer and waits for the run in progress, so the database is not closed under it.
 */
export class Ticker<T> {
  private running: Promise<unknown> = Promise.resolve()
  /** Runs started and not finished yet. */
  private ticking = 0
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly work: (now: number) => Promise<T>,
    private readonly onError: (error: unknown) => void,
  ) {}

  tick(now: number): Promise<T> {
    this.ticking += 1
    const next = this.running.then(() => this.work(now)).finally(() => (this.ticking -= 1))
    this.running = next.catch(() => undefined)
    return next
  }

  start(intervalMs: number, now: () => number): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      if (this.ticking > 0) return
      this.tick(now()).catch(this.onError)
    }, intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }
}
