import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 is compiled twice: node_modules holds the Node build (tests, browser host);
 * `npm start` puts an Electron build under .electron-native/ and the desktop app loads that one.
 */
export function electronNativeBinding(appRoot: string): string | undefined {
  const path = join(appRoot, '.electron-native', 'better_sqlite3.node')
  return existsSync(path) ? path : undefined
}
