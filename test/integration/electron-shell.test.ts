import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import Module from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

/**
 * Loads the built Electron bundles (out/main, out/preload) with a stand-in `electron` module and
 * checks the security settings they apply. Needs `npm run build` first (npm test does it).
 */
const ROOT = join(__dirname, '..', '..')

interface FakeEvent {
  preventDefault: () => void
  defaultPrevented: boolean
}

class FakeWebContents {
  static next = 1
  readonly id = FakeWebContents.next++
  readonly listeners = new Map<string, (...args: unknown[]) => void>()
  openHandler: ((details: { url: string }) => { action: string }) | null = null
  sent: unknown[][] = []
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
    this.openHandler = fn
  }
  on(event: string, fn: (...args: unknown[]) => void) {
    this.listeners.set(event, fn)
  }
  send(...args: unknown[]) {
    this.sent.push(args)
  }
  isDestroyed() {
    return false
  }
}

class FakeWindow {
  static all: FakeWindow[] = []
  readonly webContents = new FakeWebContents()
  url = ''
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    FakeWindow.all.push(this)
  }
  static getAllWindows() {
    return FakeWindow.all
  }
  loadURL(url: string) {
    this.url = url
    return Promise.resolve()
  }
  once() {}
  on() {}
  show() {}
  maximize() {}
  isMaximized() {
    return false
  }
  isDestroyed() {
    return false
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1400, height: 900 }
  }
}

const ipcHandlers = new Map<string, (...args: unknown[]) => Promise<unknown>>()
const exposed = new Map<string, Record<string, unknown>>()
const openExternal = vi.fn(async () => undefined)
const showErrorBox = vi.fn()
let userData = ''
type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
type PermissionCheck = (contents: unknown, permission: string) => boolean
const permissionHandlers: { request?: PermissionRequest; check?: PermissionCheck } = {}

const fakeElectron = {
  app: {
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getAppPath: () => ROOT,
    requestSingleInstanceLock: () => true,
    on: () => undefined,
    quit: () => undefined,
    exit: () => undefined,
    relaunch: () => undefined,
  },
  BrowserWindow: FakeWindow,
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: PermissionRequest) => (permissionHandlers.request = fn),
      setPermissionCheckHandler: (fn: PermissionCheck) => (permissionHandlers.check = fn),
    },
  },
  ipcMain: {
    handle: (channel: string, fn: (...args: unknown[]) => Promise<unknown>) => ipcHandlers.set(channel, fn),
    removeHandler: (channel: string) => ipcHandlers.delete(channel),
  },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
  dialog: { showErrorBox, showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
  shell: { openExternal },
  contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.set(name, api) },
  ipcRenderer: { invoke: vi.fn(async () => 'invoked'), on: vi.fn(), removeListener: vi.fn() },
}

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown
const moduleWithLoad = Module as unknown as { _load: Loader }
const originalLoad = moduleWithLoad._load
const originalArgv = process.argv

function event(): FakeEvent {
  const e: FakeEvent = {
    defaultPrevented: false,
    preventDefault: () => {
      e.defaultPrevented = true
    },
  }
  return e
}

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'leadline-electron-'))
  moduleWithLoad._load = function (request, parent, isMain) {
    if (request === 'electron') return fakeElectron
    return originalLoad.call(this, request, parent, isMain)
  }
  process.argv = [process.execPath, ROOT, '--workspace', join(userData, 'workspace.db')]
  const require = Module.createRequire(__filename)
  require(join(ROOT, 'out/main/index.js'))
  require(join(ROOT, 'out/preload/index.js'))
  await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1), { timeout: 10_000 })
})

afterAll(() => {
  moduleWithLoad._load = originalLoad
  process.argv = originalArgv
  rmSync(userData, { recursive: true, force: true })
})

describe('the Electron main bundle', () => {
  it('opens the workspace without an error dialog', () => {
    expect(showErrorBox).not.toHaveBeenCalled()
  })

  it('creates the window locked down', () => {
    const prefs = FakeWindow.all[0]!.options.webPreferences
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(String(prefs['preload'])).toMatch(/out[\\/]preload[\\/]index\.js$/)
    expect(FakeWindow.all[0]!.url).toMatch(/^file:\/\/.*out\/renderer\/index\.html$/)
  })

  it('denies every browser permission but the clipboard write of the copy buttons', () => {
    const { request, check } = permissionHandlers
    expect(request).toBeTypeOf('function')
    expect(check).toBeTypeOf('function')
    const wc = FakeWindow.all[0]!.webContents
    const asked = (permission: string): boolean => {
      let granted: boolean | null = null
      request!(wc, permission, (g) => (granted = g))
      return granted!
    }
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'hid',
      'serial',
      'usb',
      'openExternal',
    ]) {
      expect(asked(permission), permission).toBe(false)
      expect(check!(wc, permission), permission).toBe(false)
    }
    expect(asked('clipboard-sanitized-write')).toBe(true)
    expect(check!(wc, 'clipboard-sanitized-write')).toBe(true)
    expect(asked('clipboard-read')).toBe(false)
  })

  it('denies window.open and sends web links to the system browser', () => {
    const wc = FakeWindow.all[0]!.webContents
    expect(wc.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://example.com/')
    expect(wc.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('blocks navigation away from the app but allows the app itself', () => {
    const win = FakeWindow.all[0]!
    const navigate = win.webContents.listeners.get('will-navigate')!
    const away = event()
    navigate(away, 'https://evil.example/')
    expect(away.defaultPrevented).toBe(true)
    const local = event()
    navigate(local, 'file:///somewhere/else.html')
    expect(local.defaultPrevented).toBe(true)
    const home = event()
    navigate(home, `${win.url}#/leads`)
    expect(home.defaultPrevented).toBe(false)
  })

  it('answers the app window on the one IPC channel and refuses anyone else', async () => {
    const handler = ipcHandlers.get('leadline:rpc')
    expect(handler).toBeDefined()
    const win = FakeWindow.all[0]!
    const trusted = { sender: win.webContents, senderFrame: { url: `${win.url}#/leads` } }
    await expect(handler!(trusted, 'auth/status', {})).resolves.toMatchObject({ ok: true, data: { needsSetup: true } })

    const stranger = { sender: new FakeWebContents(), senderFrame: { url: win.url } }
    await expect(handler!(stranger, 'auth/status', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })

    const foreignPage = { sender: win.webContents, senderFrame: { url: 'https://evil.example/' } }
    await expect(handler!(foreignPage, 'auth/status', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
  })

  it('keeps the session in the main process per window', async () => {
    const handler = ipcHandlers.get('leadline:rpc')!
    const win = FakeWindow.all[0]!
    const trusted = { sender: win.webContents, senderFrame: { url: win.url } }
    const setup = await handler(trusted, 'auth/setup', {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'password123',
    })
    expect(setup).toMatchObject({ ok: true })
    await expect(handler(trusted, 'auth/me', {})).resolves.toMatchObject({
      ok: true,
      data: { email: 'ada@example.com' },
    })
  })
})

describe('the preload bundle', () => {
  it('requires nothing but electron', () => {
    const code = readFileSync(join(ROOT, 'out/preload/index.js'), 'utf8')
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(code).not.toMatch(/\bimport\s/)
  })

  it('exposes exactly invoke and on', async () => {
    const api = exposed.get('leadline')
    expect(Object.keys(api ?? {}).sort()).toEqual(['invoke', 'on'])
    await (api!['invoke'] as (m: string, i: unknown) => Promise<unknown>)('auth/status', {})
    expect(fakeElectron.ipcRenderer.invoke).toHaveBeenCalledWith('leadline:rpc', 'auth/status', {})
  })
})
