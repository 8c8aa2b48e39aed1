import { readFileSync, writeFileSync } from 'node:fs'

/** A workspace the desktop opened: a file on this computer, or a team server. */
export type RecentWorkspace = { kind: 'file'; path: string } | { kind: 'server'; url: string }

const KEEP = 8

const sameAs = (a: RecentWorkspace, b: RecentWorkspace): boolean =>
  a.kind === b.kind &&
  (a.kind === 'file' ? a.path === (b as { path: string }).path : a.url === (b as { url: string }).url)

export function readRecent(file: string): RecentWorkspace[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    if (!Array.isArray(parsed)) return []
    return parsed.filter(
      (r): r is RecentWorkspace =>
        typeof r === 'object' &&
        r !== null &&
        ((r as { kind?: unknown }).kind === 'file'
          ? typeof (r as { path?: unknown }).path === 'string'
          : (r as { kind?: unknown }).kind === 'server' && typeof (r as { url?: unknown }).url === 'string'),
    )
  } catch {
    return []
  }
}

/** Puts the workspace first in the list (most recent first, a few kept) and returns the list. */
export function rememberRecent(file: string, opened: RecentWorkspace): RecentWorkspace[] {
  const list = [opened, ...readRecent(file).filter((r) => !sameAs(r, opened))].slice(0, KEEP)
  try {
    writeFileSync(file, JSON.stringify(list, null, 2))
  } catch {
    // A list that cannot be written only loses the menu's shortcuts.
  }
  return list
}
