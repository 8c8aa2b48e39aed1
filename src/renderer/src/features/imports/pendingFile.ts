import { useSyncExternalStore } from 'react'

/** A file dropped anywhere on the window, waiting for the import screen to take it. */
let pending: File | null = null
const listeners = new Set<() => void>()

export function offerFile(file: File): void {
  pending = file
  listeners.forEach((l) => l())
}

export function takeFile(): File | null {
  const file = pending
  pending = null
  return file
}

export function usePendingFile(): File | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => pending,
  )
}
