import type { Store } from '../../store'

/** Every field key the categories define, with its type and whether it is deliverable there. */
export function categoryFieldRows(store: Store): { key: string; type: string; deliverable: boolean }[] {
  return store
    .all(store.q.selectFrom('fields').select(['key', 'type', 'deliverable']))
    .map((r) => ({ key: r.key, type: r.type, deliverable: Number(r.deliverable) === 1 }))
}
