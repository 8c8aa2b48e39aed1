import { BrowserWindow, dialog } from 'electron'
import type { Platform } from '../host/platform'

/** Native open/save dialogs, attached to the focused window so they behave as sheets on macOS. */
export function electronPlatform(): Platform {
  const parent = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  return {
    async chooseSaveFile(defaultName) {
      const options = { defaultPath: defaultName, filters: [{ name: 'CSV files', extensions: ['csv'] }] }
      const window = parent()
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async chooseOpenFile(filters) {
      const options = { properties: ['openFile' as const], filters }
      const window = parent()
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}
