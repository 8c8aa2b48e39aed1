import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { app, BrowserWindow, dialog, session } from 'electron'
import { EVENT_CHANNEL } from '../preload/bridge'
import { RemoteWorkspace } from './client/remote-workspace'
import { createApp, type LeadlineApp } from './host/app'
import { localBackend, type HostBackend } from './host/backend'
import { runIntakeFromSettings } from './intake/controller'
import { electronPlatform } from './platform/dialogs'
import { registerIpc } from './platform/ipc'
import { buildMenu, relaunchWith } from './platform/menu'
import { electronNativeBinding } from './platform/native'
import { lockPermissions } from './platform/permissions'
import { type RecentWorkspace, rememberRecent } from './platform/recent'
import { safeStorageSeal } from './platform/secure-token'
import { createMainWindow, rendererUrl } from './platform/window'

/** Electron lifecycle only: open the workspace (a file, or a team server), create the window, wire the API. */
function workspaceArg(): RecentWorkspace | undefined {
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { workspace: { type: 'string' }, server: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  })
  if (typeof values.server === 'string') return { kind: 'server', url: values.server }
  return typeof values.workspace === 'string' ? { kind: 'file', path: values.workspace } : undefined
}

let leadline: LeadlineApp | null = null
let remote: RemoteWorkspace | null = null
let intake: { stop(): Promise<void> } | null = null

/** The backend of the window: the workspace file in this process, or the team server through it. */
async function open(target: RecentWorkspace): Promise<HostBackend> {
  const nativeBinding = electronNativeBinding(app.getAppPath())
  if (target.kind === 'server') {
    // The session token stays in main, sealed by the OS keychain; the cache sits in the user-data folder.
    remote = new RemoteWorkspace({
      url: target.url,
      dataDir: app.getPath('userData'),
      nativeBinding,
      seal: safeStorageSeal(),
      platform: electronPlatform(),
    })
    remote.start()
    return remote
  }
  leadline = await createApp({ workspace: target.path, nativeBinding, platform: electronPlatform() })
  intake = runIntakeFromSettings(leadline)
  return localBackend(leadline)
}

async function start(): Promise<void> {
  lockPermissions(session.defaultSession)
  const target = workspaceArg() ?? { kind: 'file', path: join(app.getPath('userData'), 'workspace.db') }
  let backend: HostBackend
  try {
    backend = await open(target)
  } catch (error) {
    const where = target.kind === 'file' ? target.path : target.url
    dialog.showErrorBox('Leadline could not open the workspace', `${where}\n\n${(error as Error).message}`)
    app.exit(1)
    return
  }
  const windows: BrowserWindow[] = []
  const live = () => windows.filter((w) => !w.isDestroyed()).map((w) => w.webContents)
  const recent = rememberRecent(join(app.getPath('userData'), 'recent-workspaces.json'), target)
  buildMenu({
    recent,
    connectToServer: () => {
      for (const wc of live()) wc.send(EVENT_CHANNEL, 'menu', { action: 'connectToServer' })
    },
  })
  registerIpc(backend, rendererUrl(__dirname), live, (url) => relaunchWith({ kind: 'server', url }))
  const openWindow = (): void => {
    windows.push(
      createMainWindow({ mainDir: __dirname, stateFile: join(app.getPath('userData'), 'window-state.json') }),
    )
  }
  openWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
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
    void remote?.close()
  })
  void app.whenReady().then(start)
}
