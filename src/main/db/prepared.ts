import type { CompiledQuery, Compilable, QueryResult } from 'kysely'
import type { Executor } from './executor'

/**
 * A hot query built once with the query builder and then run with each call's values: the builder
 * and the compiler run once, the SQL text (and so the statement the SQLite dialect keeps for it)
 * never changes. `build` receives a placeholder per named value to put where the values go; every
 * other value in the query stays as it was built.
 */
export class Prepared<K extends string, R> {
  private compiled: { query: CompiledQuery<R>; slots: (K | null)[] } | null = null

  constructor(
    private readonly names: readonly K[],
    private readonly build: (db: Executor, v: Record<K, never>) => Compilable<R>,
  ) {}

  execute(db: Executor, values: Record<K, unknown>): Promise<QueryResult<R>> {
    let compiled = this.compiled
    if (!compiled) {
      const markers = new Map<unknown, K>()
      const v = {} as Record<K, never>
      for (const name of this.names) {
        const marker = { placeholder: name }
        markers.set(marker, name)
        v[name] = marker as never
      }
      const query = this.build(db, v).compile()
      compiled = this.compiled = { query, slots: query.parameters.map((p) => markers.get(p) ?? null) }
    }
    const { query, slots } = compiled
    const parameters = slots.map((slot, i) => (slot === null ? query.parameters[i] : values[slot]))
    return db.executeQuery<R>({ ...query, parameters })
  }
}
