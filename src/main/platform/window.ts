import { join } from 'node:path'
import { BrowserWindow, shell } from 'electron'
import { loadWindowState, saveWindowState } from './window-state'

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: true,
} as const

/** Where the renderer is loaded from: the dev server in development, the built files otherwise. */
export function rendererUrl(mainDir: string): string {
  const dev = process.env['ELECTRON_RENDERER_URL']
  if (dev) return dev
  return 'file://' + join(mainDir, '../renderer/index.html').replace(/\\/g, '/')
}

/** True when `url` belongs to the app's own renderer (same file, or same dev-server origin). */
export function isAppUrl(url: string, appUrl: string): boolean {
  if (appUrl.startsWith('file://')) return url.split('#')[0]?.split('?')[0] === appUrl
  try {
    return new URL(url).origin === new URL(appUrl).origin
  } catch {
    return false
  }
}

export function createMainWindow(options: { mainDir: string; stateFile: string }): BrowserWindow {
  const state = loadWindowState(options.stateFile)
  const win = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Leadline',
    backgroundColor: '#1a1b1e',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(options.mainDir, '../preload/index.js') },
  })
  const appUrl = rendererUrl(options.mainDir)

  // No new windows: links to the web open in the system browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  // The window never navigates away from the app.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) {
      event.preventDefault()
      if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    }
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())

  if (state.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  win.on('close', () => {
    const bounds = win.getNormalBounds()
    saveWindowState(options.stateFile, { ...bounds, maximized: win.isMaximized() })
  })
  void win.loadURL(appUrl)
  return win
}
