import type { ImportDuplicate } from '../../../shared/api/imports'
import type { DuplicateCheck } from '../distribution'

export interface RowDuplicate {
  key: string
  value: string
  of: ImportDuplicate['of']
}

type Keys = { key: string; value: string }[]

/**
 * The category's duplicate rule over an import: each valid row against the stored leads (through
 * the intake's check) and against the rows before it in the same file. Stored leads are asked
 * first, as a lead arriving through the intake would be. Empty keys never match.
 *
 * Rows come in slices: `prepare` asks once per slice which of its values the category holds at
 * all, so the windowed lookup runs only for values seen before (most rows of a list are new).
 */
export class ImportDuplicates {
  /** `key \0 value` → the first row of the file holding it. */
  private readonly seen = new Map<string, number>()
  /** Per key, the values of the current slice the category holds (absent key = look up every value). */
  private present = new Map<string, Set<string>>()

  constructor(private readonly check: DuplicateCheck | null) {}

  get keys(): string[] {
    return this.check && this.check.rule.days > 0 ? this.check.rule.keys : []
  }

  get days(): number {
    return this.check?.rule.days ?? 0
  }

  keysOf(values: Record<string, unknown>): Keys {
    return this.check ? this.check.keys(values) : []
  }

  /** Before a slice: which of its rows' values the category holds at all, one query per key. */
  async prepare(slice: readonly Keys[]): Promise<void> {
    this.present = new Map()
    if (!this.check) return
    const byKey = new Map<string, string[]>()
    for (const keys of slice) {
      for (const { key, value } of keys) {
        let list = byKey.get(key)
        if (!list) byKey.set(key, (list = []))
        list.push(value)
      }
    }
    for (const [key, values] of byKey) {
      const found = await this.check.present(key, values)
      if (found) this.present.set(key, found)
    }
  }

  async of(row: number, keys: Keys): Promise<RowDuplicate | null> {
    if (!this.check || keys.length === 0) return null
    const maybe = keys.filter(({ key, value }) => this.present.get(key)?.has(value) ?? true)
    const stored = maybe.length > 0 ? await this.check.stored(maybe) : null
    let found: RowDuplicate | null = stored
      ? { key: stored.key, value: stored.value, of: { kind: 'lead', id: stored.id, uuid: stored.uuid } }
      : null
    for (const { key, value } of keys) {
      const id = `${key}\u0000${value}`
      const first = this.seen.get(id)
      if (first === undefined) this.seen.set(id, row)
      else if (!found) found = { key, value, of: { kind: 'row', row: first } }
    }
    return found
  }
}
