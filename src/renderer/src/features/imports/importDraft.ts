import { notifications } from '@mantine/notifications'
import { useSyncExternalStore } from 'react'
import type { PushEvents } from '../../../../shared/api/events'
import type {
  ColumnMappingInput,
  DuplicateChoice,
  FixedValuesInput,
  ImportResult,
  ImportValidation,
} from '../../../../shared/api/imports'
import { call, on } from '../../api/client'
import { newJobId } from '../exports/files'
import { uploadFile } from './upload'

type Progress = PushEvents['progress']

/**
 * The import in progress. It lives outside the import screen so that an operator who looks at
 * another screen comes back to the same file, choices, check and running import; the upload,
 * the check and the import keep going (and keep reporting here) while the screen is not shown.
 */
export interface ImportDraft {
  uploaded: { name: string; uploadId: string } | null
  sending: { sent: number; total: number } | null
  customerId: string | null
  categoryId: string | null
  /** The operator's column choices; until the first change, the preview's auto-matching is used. */
  chosen: ColumnMappingInput | null
  /** Fields given one value for every row instead of a column. */
  fixed: FixedValuesInput
  hours: number
  /** What to do with the rows the duplicate rule matches. */
  duplicates: DuplicateChoice
  /** The operator confirmed importing a file that was imported before. */
  confirmReimport: boolean
  check: ImportValidation | null
  checking: { job: string; progress: Progress | null } | null
  running: { job: string; progress: Progress | null } | null
  result: ImportResult | null
}

const EMPTY: ImportDraft = {
  uploaded: null,
  sending: null,
  customerId: null,
  categoryId: null,
  chosen: null,
  fixed: {},
  hours: 24,
  duplicates: 'skip',
  confirmReimport: false,
  check: null,
  checking: null,
  running: null,
  result: null,
}

let draft: ImportDraft = EMPTY
/**
 * Bumped by every fresh start: an upload, check or import begun for an earlier file must not
 * write its outcome into the new one.
 */
let generation = 0
const listeners = new Set<() => void>()

function set(patch: Partial<ImportDraft>): void {
  draft = { ...draft, ...patch }
  listeners.forEach((l) => l())
}

export function useImportDraft(): ImportDraft {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => draft,
  )
}

export function chooseCustomer(customerId: string | null): void {
  set({ customerId, result: null })
}

/** Another category has other fields: the mapping and the check start again. */
export function chooseCategory(categoryId: string | null): void {
  set({ categoryId, chosen: null, fixed: {}, check: null, result: null })
}

export function chooseMapping(chosen: ColumnMappingInput): void {
  set({ chosen, check: null })
}

/** A fixed value for a field (null = read it from a column again). */
export function chooseFixed(key: string, value: string | null): void {
  const fixed = { ...draft.fixed }
  if (value === null) delete fixed[key]
  else fixed[key] = value
  set({ fixed, check: null })
}

export function chooseDuplicates(duplicates: DuplicateChoice): void {
  set({ duplicates })
}

export function confirmReimport(confirmReimport: boolean): void {
  set({ confirmReimport })
}

export function chooseHours(hours: number): void {
  set({ hours })
}

/** Forgets the import on screen; an import already running in the main process carries on. */
export function startOver(): void {
  generation += 1
  draft = EMPTY
  listeners.forEach((l) => l())
}

/** Starts a fresh import with this file (chosen on the screen or dropped on the window). */
export async function receiveFile(file: File): Promise<void> {
  startOver()
  const gen = generation
  try {
    const uploadId = await uploadFile(file, (sent, total) => {
      if (gen === generation) set({ sending: { sent, total } })
    })
    if (gen === generation) set({ uploaded: { name: file.name, uploadId } })
  } catch (e) {
    if (gen === generation) {
      notifications.show({ color: 'red', title: 'The file could not be read', message: (e as Error).message })
    }
  } finally {
    if (gen === generation) set({ sending: null })
  }
}

/** Runs `work` with the `progress` events of its job passed to `onProgress` while it lasts. */
async function withProgress<T>(job: string, onProgress: (p: Progress) => void, work: () => Promise<T>): Promise<T> {
  const off = on('progress', (p) => {
    if (p.job === job) onProgress(p)
  })
  try {
    return await work()
  } finally {
    off()
  }
}

export async function checkRows(input: {
  uploadId: string
  categoryId: number
  mapping: ColumnMappingInput
  fixed: FixedValuesInput
}) {
  const gen = generation
  const job = newJobId('check')
  const { chosen, categoryId, fixed } = draft
  set({ checking: { job, progress: null } })
  try {
    const check = await withProgress(
      job,
      (progress) => {
        if (gen === generation && draft.checking?.job === job) set({ checking: { job, progress } })
      },
      () => call('imports/validate', { ...input, jobId: job }),
    )
    // A check of a mapping or category changed meanwhile would describe other rows than the screen.
    if (gen === generation && draft.chosen === chosen && draft.categoryId === categoryId && draft.fixed === fixed)
      set({ check })
  } catch (e) {
    if (gen === generation) {
      notifications.show({ color: 'red', title: 'The rows could not be checked', message: (e as Error).message })
    }
  } finally {
    if (gen === generation && draft.checking?.job === job) set({ checking: null })
  }
}

export async function startImport(input: {
  uploadId: string
  categoryId: number
  customerId: number
  mapping: ColumnMappingInput
  fixed: FixedValuesInput
  auctionHours: number
  duplicates: DuplicateChoice
  confirmReimport: boolean
}) {
  const gen = generation
  const job = newJobId('import')
  set({ running: { job, progress: null }, result: null })
  try {
    const result = await withProgress(
      job,
      (progress) => {
        if (gen === generation && draft.running?.job === job) set({ running: { job, progress } })
      },
      () => call('imports/start', { ...input, jobId: job }),
    )
    if (gen === generation) set({ result })
    if (result.cancelled) notifications.show({ color: 'gray', message: 'Import cancelled: nothing was imported' })
    else if (gen !== generation) {
      // The screen has moved on to another file; the operator still learns how this one ended.
      notifications.show({ color: 'teal', message: `Earlier import finished: ${result.imported} leads imported` })
    }
  } catch (e) {
    notifications.show({ color: 'red', title: 'Import failed', message: (e as Error).message })
  } finally {
    if (gen === generation && draft.running?.job === job) set({ running: null })
  }
}

export function cancelImport(): void {
  if (draft.running) void call('imports/cancel', { jobId: draft.running.job })
}
