import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron'

/** Reopens the app on another workspace file: the cleanest way to swap every service at once. */
function relaunchWith(workspace: string): void {
  const args = process.argv.slice(1).filter((arg, i, all) => arg !== '--workspace' && all[i - 1] !== '--workspace')
  app.relaunch({ args: [...args, '--workspace', workspace] })
  app.exit(0)
}

export function buildMenu(): void {
  const filters = [{ name: 'Leadline workspace', extensions: ['db', 'leadline'] }]
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'New Workspace…',
        accelerator: 'CmdOrCtrl+Shift+N',
        click: async () => {
          const result = await dialog.showSaveDialog({ title: 'New workspace', defaultPath: 'workspace.db', filters })
          if (!result.canceled && result.filePath) relaunchWith(result.filePath)
        },
      },
      {
        label: 'Open Workspace…',
        accelerator: 'CmdOrCtrl+O',
        click: async () => {
          const result = await dialog.showOpenDialog({ title: 'Open workspace', properties: ['openFile'], filters })
          const [path] = result.filePaths
          if (!result.canceled && path) relaunchWith(path)
        },
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
