import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { app, BrowserWindow, dialog, session } from 'electron'
import { createApp, type LeadlineApp } from './host/app'
import { runIntakeFromSettings } from './intake/controller'
import { electronPlatform } from './platform/dialogs'
import { registerIpc } from './platform/ipc'
import { buildMenu } from './platform/menu'
import { electronNativeBinding } from './platform/native'
import { lockPermissions } from './platform/permissions'
import { createMainWindow, rendererUrl } from './platform/window'

/** Electron lifecycle only: open the workspace, create the window, wire the API. */
function workspaceArg(): string | undefined {
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { workspace: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  })
  return typeof values.workspace === 'string' ? values.workspace : undefined
}

let leadline: LeadlineApp | null = null
let intake: { stop(): Promise<void> } | null = null

async function start(): Promise<void> {
  lockPermissions(session.defaultSession)
  const workspace = workspaceArg() ?? join(app.getPath('userData'), 'workspace.db')
  try {
    leadline = await createApp({
      workspace,
      nativeBinding: electronNativeBinding(app.getAppPath()),
      platform: electronPlatform(),
    })
  } catch (error) {
    dialog.showErrorBox('Leadline could not open the workspace', `${workspace}\n\n${(error as Error).message}`)
    app.exit(1)
    return
  }
  intake = runIntakeFromSettings(leadline)
  buildMenu()
  const windows: BrowserWindow[] = []
  registerIpc(leadline, rendererUrl(__dirname), () => windows.filter((w) => !w.isDestroyed()).map((w) => w.webContents))
  const open = (): void => {
    windows.push(
      createMainWindow({ mainDir: __dirname, stateFile: join(app.getPath('userData'), 'window-state.json') }),
    )
  }
  open()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open()
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('web-contents-created', (_event, contents) => {
    // Belt and braces: no window of any kind may open another.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void intake?.stop()
    void leadline?.close()
  })
  void app.whenReady().then(start)
}
