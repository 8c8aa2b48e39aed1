import { z } from 'zod'
import type { Page } from '../domain/page'
import { method } from './define'

export interface ActivityEntry {
  id: number
  at: number
  userId: number | null
  userName: string | null
  action: string
  targetType: string
  targetId: string | null
  summary: string | null
  before: unknown
  after: unknown
}

export const activityContract = {
  'activity/list': method<Page<ActivityEntry> & { actions: string[] }>()({
    input: z
      .object({
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
        action: z.string().max(100).optional(),
        search: z.string().trim().max(200).optional(),
        from: z.number().int().optional(),
        to: z.number().int().optional(),
      })
      .default({ page: 1, pageSize: 50 }),
    access: 'settings.manage',
  }),
}
