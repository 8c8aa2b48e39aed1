import type { activityContract } from '../../../shared/api/activity'
import type { HandlersOf } from '../types'

export const activityHandlers = {
  'activity/list': (input, ctx) => ctx.services.activity.list(input),
} satisfies HandlersOf<typeof activityContract>
