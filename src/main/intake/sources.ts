import { parseJson } from '../db/json'
import type { Store } from '../db/store'

export interface IntakeSource {
  id: number
  name: string
  defaultCategoryId: number | null
  active: boolean
  /** Field names this source sends → the field keys they mean (`phone_1` → `phone`). */
  aliases?: Readonly<Record<string, string>>
}

function parseAliases(text: string): Record<string, string> {
  const parsed = parseJson<unknown>(text, {})
  const aliases: Record<string, string> = {}
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return aliases
  for (const [from, to] of Object.entries(parsed))
    if (typeof to === 'string' && from !== '__proto__') aliases[from] = to
  return aliases
}

/** Looks a source up by the hash of the API key it presented (hand-written: it runs on every request). */
export class IntakeSourcesRepository {
  constructor(private readonly store: Store) {}

  byKeyHash(hash: string): IntakeSource | undefined {
    const row = this.store
      .prepare('SELECT id, name, default_category_id, active, field_aliases FROM sources WHERE api_key_hash = ?')
      .get(hash) as
      | { id: number; name: string; default_category_id: number | null; active: number; field_aliases: string }
      | undefined
    if (!row) return undefined
    return {
      id: row.id,
      name: row.name,
      defaultCategoryId: row.default_category_id,
      active: row.active === 1,
      aliases: parseAliases(row.field_aliases),
    }
  }
}

/**
 * Source by presented key, remembered between requests so the hot path skips hashing and the
 * query. Sources are settings: any settings change clears the memory, so a deactivated source or a
 * rotated key takes effect on the next request. Bounded, so random keys cannot grow it without limit.
 */
export class SourceCache {
  private readonly known = new Map<string, IntakeSource | null>()

  constructor(
    private readonly repo: IntakeSourcesRepository,
    private readonly hash: (key: string) => string,
    private readonly limit = 1024,
  ) {}

  lookup(key: string): IntakeSource | null {
    const cached = this.known.get(key)
    if (cached !== undefined) return cached
    const source = this.repo.byKeyHash(this.hash(key)) ?? null
    if (this.known.size >= this.limit) this.known.clear()
    this.known.set(key, source)
    return source
  }

  clear(): void {
    this.known.clear()
  }
}
