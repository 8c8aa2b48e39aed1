/** Push events from the main process to the renderer, the second typed map of the contract. */
export interface PushEvents {
  /** Long work reports here: imports, exports, bulk reprocessing. */
  progress: { job: string; label: string; done: number; total: number; finished?: boolean }
  /** Something changed that open screens may want to refetch. */
  changed: { areas: string[] }
}

export type PushEventName = keyof PushEvents
