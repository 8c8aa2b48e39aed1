import type { ActivityEntry } from '../../shared/api/activity'
import type { Page } from '../../shared/domain/page'
import { type ActivityQuery, ActivityRepository } from '../db/repositories/activity'
import type { Deps } from './deps'

/** The audit log as the Activity screen reads it. */
export class ActivityService {
  private readonly repo: ActivityRepository

  constructor(deps: Deps) {
    this.repo = new ActivityRepository(deps.store)
  }

  list(input: ActivityQuery): Page<ActivityEntry> & { actions: string[] } {
    return { ...this.repo.list(input), actions: this.repo.actions() }
  }
}
