import { readFileSync, writeFileSync } from 'node:fs'

export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized?: boolean
}

const DEFAULT_STATE: WindowState = { width: 1400, height: 900 }

export function loadWindowState(file: string): WindowState {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>
    if (typeof parsed.width === 'number' && typeof parsed.height === 'number') {
      return { ...DEFAULT_STATE, ...parsed } as WindowState
    }
  } catch {
    // First start or unreadable: the default size is fine.
  }
  return DEFAULT_STATE
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state))
  } catch {
    // Losing the window size is not worth interrupting a quit.
  }
}
