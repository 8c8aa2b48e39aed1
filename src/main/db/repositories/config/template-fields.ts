import type { Executor } from '../../executor'

/** Every field key the categories define, with its type and whether it is deliverable there. */
export async function categoryFieldRows(db: Executor): Promise<{ key: string; type: string; deliverable: boolean }[]> {
  return (await db.selectFrom('fields').select(['key', 'type', 'deliverable']).execute()).map((r) => ({
    key: r.key,
    type: r.type,
    deliverable: Number(r.deliverable) === 1,
  }))
}
