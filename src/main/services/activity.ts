import type { ActivityEntry } from '../../shared/api/activity'
import type { Page } from '../../shared/domain/page'
import { type ActivityQuery, ActivityRepository } from '../db/repositories/activity'
import { inTransaction } from '../db/transaction'
import type { Deps } from './deps'

/** The audit log as the Activity screen reads it. */
export class ActivityService {
  private readonly repo: ActivityRepository

  constructor(private readonly deps: Deps) {
    this.repo = new ActivityRepository(deps.dialect)
  }

  /** The page and the list of actions, read in one transaction so that they agree. */
  async list(input: ActivityQuery): Promise<Page<ActivityEntry> & { actions: string[] }> {
    return inTransaction(this.deps.db, async (trx) => ({
      ...(await this.repo.list(trx, input)),
      actions: await this.repo.actions(trx),
    }))
  }
}
