import type { ImportDuplicate } from '../../../shared/api/imports'
import type { DuplicateCheck } from '../distribution'

export interface RowDuplicate {
  key: string
  value: string
  of: ImportDuplicate['of']
}

/**
 * The category's duplicate rule over an import: each valid row against the stored leads (through
 * the intake's check) and against the rows before it in the same file. Stored leads are asked
 * first, as a lead arriving through the intake would be. Empty keys never match.
 */
export class ImportDuplicates {
  /** `key \0 value` → the first row of the file holding it. */
  private readonly seen = new Map<string, number>()

  constructor(private readonly check: DuplicateCheck | null) {}

  get keys(): string[] {
    return this.check && this.check.rule.days > 0 ? this.check.rule.keys : []
  }

  get days(): number {
    return this.check?.rule.days ?? 0
  }

  /** `values`: the row's contact fields and details together. */
  of(row: number, values: Record<string, unknown>): RowDuplicate | null {
    if (!this.check) return null
    const keys = this.check.keys(values)
    if (keys.length === 0) return null
    const stored = this.check.stored(keys)
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
