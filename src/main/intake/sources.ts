import { parseJson } from '../db/json'
import type { Executor } from '../db/executor'

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

/** Looks a source up by the hash of the API key it presented (it runs on every uncached key). */
export class IntakeSourcesRepository {
  async byKeyHash(db: Executor, hash: string): Promise<IntakeSource | undefined> {
    const row = await db
      .selectFrom('sources')
      .select(['id', 'name', 'default_category_id', 'active', 'field_aliases'])
      .where('api_key_hash', '=', hash)
      .executeTakeFirst()
    if (!row) return undefined
    return {
      id: row.id,
      name: row.name,
      defaultCategoryId: row.default_category_id,
      active: Number(row.active) === 1,
      aliases: parseAliases(row.field_aliases),
    }
  }
}

/**
 * Source by presented key, remembered between requests so the hot path skips hashing and the
 * query. Sources are settings: any settings change clears the memory, so a deactivated source or a
 * rotated key takes effect on the next request (a lookup under way when it is cleared is not
 * remembered). Bounded, so random keys cannot grow it without limit.
 */
export class SourceCache {
  private readonly known = new Map<string, IntakeSource | null>()
  /** Moves on every clear: a lookup started before it does not fill the memory. */
  private generation = 0

  constructor(
    private readonly db: Executor,
    private readonly repo: IntakeSourcesRepository,
    private readonly hash: (key: string) => string,
    private readonly limit = 1024,
  ) {}

  async lookup(key: string): Promise<IntakeSource | null> {
    const cached = this.known.get(key)
    if (cached !== undefined) return cached
    const generation = this.generation
    const source = (await this.repo.byKeyHash(this.db, this.hash(key))) ?? null
    if (generation !== this.generation) return source
    if (this.known.size >= this.limit) this.known.clear()
    this.known.set(key, source)
    return source
  }

  clear(): void {
    this.generation++
    this.known.clear()
  }
}
