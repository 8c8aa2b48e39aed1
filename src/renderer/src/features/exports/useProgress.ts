import { useEffect, useState } from 'react'
import type { PushEvents } from '../../../../shared/api/events'
import { on } from '../../api/client'

/** The latest `progress` event of one job (null before the first one). */
export function useProgress(job: string | null): PushEvents['progress'] | null {
  const [latest, setLatest] = useState<{ job: string; progress: PushEvents['progress'] } | null>(null)
  useEffect(() => {
    if (!job) return
    return on('progress', (p) => {
      if (p.job === job) setLatest({ job, progress: p })
    })
  }, [job])
  return latest && latest.job === job ? latest.progress : null
}
