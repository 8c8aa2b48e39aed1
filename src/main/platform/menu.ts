import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron'
import type { RecentWorkspace } from './recent'

const WORKSPACE_FLAGS = new Set(['--workspace', '--server'])

/** Reopens the app on another workspace file or team server: the cleanest way to swap every service at once. */
export function relaunchWith(target: RecentWorkspace): void {
  const args = process.argv
    .slice(1)
    .filter((arg, i, all) => !WORKSPACE_FLAGS.has(arg) && !WORKSPACE_FLAGS.has(all[i - 1] ?? ''))
  const flag = target.kind === 'file' ? ['--workspace', target.path] : ['--server', target.url]
  app.relaunch({ args: [...args, ...flag] })
  app.exit(0)
}

export interface MenuActions {
  recent: RecentWorkspace[]
  /** Asks the window for the server's address (the dialog is the renderer's). */
  connectToServer(): void
}

export function buildMenu(actions: MenuActions): void {
  const filters = [{ name: 'Leadline workspace', extensions: ['db', 'leadline'] }]
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'New Workspace…',
        accelerator: 'CmdOrCtrl+Shift+N',
        click: async () => {
          const result = await dialog.showSaveDialog({ title: 'New workspace', defaultPath: 'workspace.db', filters })
          if (!result.canceled && result.filePath) relaunchWith({ kind: 'file', path: result.filePath })
        },
      },
      {
        label: 'Open Workspace…',
        accelerator: 'CmdOrCtrl+O',
        click: async () => {
          const result = await dialog.showOpenDialog({ title: 'Open workspace', properties: ['openFile'], filters })
          const [path] = result.filePaths
          if (!result.canceled && path) relaunchWith({ kind: 'file', path })
        },
      },
      { label: 'Connect to Team Server…', click: actions.connectToServer },
      {
        label: 'Open Recent',
        enabled: actions.recent.length > 0,
        // Both kinds, most recent first: a file by its path, a server by its address.
        submenu: actions.recent.map((r) => ({
          label: r.kind === 'file' ? r.path : `${r.url} (team server)`,
          click: () => relaunchWith(r),
        })),
      },
      { type: 'separator' },
      { role: 'quit' },
    ],
  }
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
