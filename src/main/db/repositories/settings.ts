import type { Executor } from '../executor'
import { parseJson } from '../json'

async function getSetting<T>(db: Executor, key: string, fallback: T): Promise<T> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return parseJson(row?.value, fallback)
}

async function setSetting(db: Executor, key: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value)
  await db
    .insertInto('settings')
    .values({ key, value: text })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
    .execute()
}

/**
 * Workspace-wide settings, one JSON value per key, read and written on the caller's executor:
 * `SettingsRepository.get(db, key, fallback)`, or the same through an instance.
 */
export class SettingsRepository {
  static get = getSetting
  static set = setSetting

  get<T>(db: Executor, key: string, fallback: T): Promise<T> {
    return getSetting(db, key, fallback)
  }

  set(db: Executor, key: string, value: unknown): Promise<void> {
    return setSetting(db, key, value)
  }
}
