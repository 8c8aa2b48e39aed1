import { parseJson } from '../json'
import type { Store } from '../store'

/** Workspace-wide settings, one JSON value per key. */
export class SettingsRepository {
  constructor(private readonly store: Store) {}

  get<T>(key: string, fallback: T): T {
    const row = this.store.first(this.store.q.selectFrom('settings').select('value').where('key', '=', key))
    return parseJson(row?.value, fallback)
  }

  set(key: string, value: unknown): void {
    const text = JSON.stringify(value)
    this.store.run(
      this.store.q
        .insertInto('settings')
        .values({ key, value: text })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text })),
    )
  }
}
