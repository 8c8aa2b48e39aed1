/**
 * Runs the engine's units of work one after another in this process. The engine keeps state in
 * memory (cap and budget counters with their journal, the configuration snapshot, the processed
 * count) that a unit reads and moves while its transaction is open; with awaits in between, two
 * units must not interleave, or one's rollback would take back the other's moves.
 *
 * Never run a unit from inside another one (it would wait for itself), and never wait for the
 * network inside one.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn)
    this.tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }
}
