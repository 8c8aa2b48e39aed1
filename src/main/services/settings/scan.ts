import type { Executor } from '../../db/executor'
import type { RecentLead, RecentLeadsRepository } from '../../db/repositories/config/recent-leads'

const PAGE = 500

/**
 * Visits up to `limit` of a category's newest leads, a page at a time, giving the event loop a
 * turn between pages: a check over 100,000 leads must not freeze the app (a page of 500 is a few ms).
 * A read: `db` is the database itself, never a write's transaction, so a long scan holds nothing
 * open and each page reads committed rows. Returns how many leads were visited.
 */
export async function scanRecentLeads(
  db: Executor,
  repo: RecentLeadsRepository,
  categoryId: number,
  limit: number,
  visit: (lead: RecentLead) => void,
): Promise<number> {
  let after: { createdAt: number; id: number } | null = null
  let seen = 0
  while (seen < limit) {
    const page = await repo.page(db, categoryId, Math.min(PAGE, limit - seen), after)
    for (const lead of page) visit(lead)
    seen += page.length
    const last = page[page.length - 1]
    if (!last || page.length < PAGE) break
    after = { createdAt: last.createdAt, id: last.id }
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  return seen
}
