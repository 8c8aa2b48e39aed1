import { useEffect, useState } from 'react'
import type { PushEvents } from '../../../../../shared/api/events'
import { on } from '../../../api/client'

/** The latest `progress` event of one job. */
export function useJobProgress(job: string | null): PushEvents['progress'] | null {
  const [progress, setProgress] = useState<PushEvents['progress'] | null>(null)
  useEffect(() => {
    if (!job) return
    return on('progress', (p) => {
      if (p.job === job) setProgress(p)
    })
  }, [job])
  return job ? progress : null
}

export const newJobId = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
