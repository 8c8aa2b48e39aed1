import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import Module from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp, type LeadlineApp } from '../../src/main/host/app'
import { createBrowserHost } from '../../src/main/host/browser-host'

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
  static getFocusedWindow() {
    return null
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
    exit: vi.fn(),
    relaunch: vi.fn(),
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
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
  // The OS keychain, standing in: sealed text is reversible only through decryptString.
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: vi.fn((plain: string) => Buffer.from(`sealed:${[...plain].reverse().join('')}`)),
    decryptString: vi.fn((sealed: Buffer) => [...sealed.toString().replace(/^sealed:/, '')].reverse().join('')),
  },
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

interface MenuItem {
  label?: string
  submenu?: MenuItem[]
  click?: () => void
}

/** The File menu the main bundle set last. */
function fileMenu(): MenuItem[] {
  const calls = fakeElectron.Menu.setApplicationMenu.mock.calls
  const template = calls[calls.length - 1]?.[0] as unknown as MenuItem[]
  return template.find((m) => m.label === 'File')?.submenu ?? []
}

/** Loads the main bundle again, as a relaunch with these arguments would, and returns its new window. */
async function relaunchedWith(args: string[]): Promise<FakeWindow | null> {
  const windows = FakeWindow.all.length
  process.argv = [process.execPath, ROOT, ...args]
  const require = Module.createRequire(__filename)
  delete require.cache[require.resolve(join(ROOT, 'out/main/index.js'))]
  require(join(ROOT, 'out/main/index.js'))
  await vi.waitFor(() => expect(FakeWindow.all.length > windows || showErrorBox.mock.calls.length > 0).toBe(true), {
    timeout: 10_000,
  })
  return FakeWindow.all[windows] ?? null
}

describe('the desktop as a client of a team server', () => {
  let team: LeadlineApp
  let host: FastifyInstance
  let serverUrl = ''

  beforeAll(async () => {
    team = await createApp({ workspace: join(userData, 'team.db'), backgroundCheckpoints: false })
    await team.services.auth.setup({ name: 'Dana', email: 'dana@example.com', password: 'password123' })
    host = await createBrowserHost(team, { staticDir: join(ROOT, 'out/renderer'), logLevel: 'silent' })
    await host.listen({ port: 0, host: '127.0.0.1' })
    const address = host.server.address()
    serverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })

  afterAll(async () => {
    host.server.closeAllConnections()
    await host.close()
    await team.close()
  })

  it('File → Connect to Team Server… asks the window, and requires https:// except for this machine', async () => {
    const win = FakeWindow.all[0]!
    const connect = fileMenu().find((m) => m.label === 'Connect to Team Server…')
    connect!.click!()
    expect(win.webContents.sent).toContainEqual(['leadline:event', 'menu', { action: 'connectToServer' }])

    const handler = ipcHandlers.get('leadline:rpc')!
    const trusted = { sender: win.webContents, senderFrame: { url: win.url } }
    await expect(handler(trusted, 'client/connect', { url: 'http://leads.example.com' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { url: expect.stringMatching(/https/) } },
    })
    expect(fakeElectron.app.relaunch).not.toHaveBeenCalled()

    await expect(handler(trusted, 'client/connect', { url: 'https://leads.example.com/app' })).resolves.toEqual({
      ok: true,
      data: { url: 'https://leads.example.com' },
    })
    const args = (fakeElectron.app.relaunch.mock.calls[0] as unknown as [{ args: string[] }])[0].args
    expect(args.slice(-2)).toEqual(['--server', 'https://leads.example.com'])
    expect(args).not.toContain('--workspace')
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(0)
  })

  it('opened on a server: signs in there, keeps the server’s token sealed by safeStorage, lists both kinds in Open Recent', async () => {
    const win = await relaunchedWith(['--server', serverUrl])
    expect(showErrorBox).not.toHaveBeenCalled()
    const handler = ipcHandlers.get('leadline:rpc')!
    const trusted = { sender: win!.webContents, senderFrame: { url: win!.url } }
    await expect(handler(trusted, 'client/status', {})).resolves.toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
    const login = (await handler(trusted, 'auth/login', { email: 'dana@example.com', password: 'password123' })) as {
      ok: boolean
      data: { token: string }
    }
    expect(login.ok).toBe(true)
    await expect(handler(trusted, 'auth/me', {})).resolves.toMatchObject({ ok: true, data: { name: 'Dana' } })
    await expect(handler(trusted, 'client/status', {})).resolves.toMatchObject({
      ok: true,
      data: { mode: 'server', url: serverUrl, online: true },
    })

    // On disk the server's token is only in its sealed form; unsealed, the server knows it.
    expect(fakeElectron.safeStorage.encryptString).toHaveBeenCalledTimes(1)
    const file = join(userData, 'servers', `127.0.0.1-${new URL(serverUrl).port}.db`)
    const cache = new Database(file, { readonly: true })
    const stored = cache.prepare('SELECT server_token FROM sessions').all() as Array<{ server_token: string }>
    cache.close()
    expect(stored).toHaveLength(1)
    const sealed = Buffer.from(stored[0]!.server_token, 'base64')
    expect(sealed.toString()).toMatch(/^sealed:/)
    const serverToken = fakeElectron.safeStorage.decryptString(sealed)
    expect(await team.services.auth.userForToken(serverToken)).toMatchObject({ email: 'dana@example.com' })
    expect(await team.services.auth.userForToken(login.data.token)).toBeNull()

    const recent = fileMenu()
      .find((m) => m.label === 'Open Recent')
      ?.submenu?.map((m) => m.label)
    expect(recent).toEqual([`${serverUrl} (team server)`, join(userData, 'workspace.db')])
  })

  it('saves a file the server offers as a download where the operator chooses', async () => {
    const win = FakeWindow.all[FakeWindow.all.length - 1]!
    const handler = ipcHandlers.get('leadline:rpc')!
    const trusted = { sender: win.webContents, senderFrame: { url: win.url } }
    const path = join(userData, 'chosen-export.csv')
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path })
    const result = await handler(trusted, 'exports/start', { jobId: 'desktop-export-1', audience: 'operator' })
    expect(result).toMatchObject({
      ok: true,
      data: { delivery: { kind: 'saved', path, fileName: 'chosen-export.csv' } },
    })
    expect(readFileSync(path, 'utf8')).toMatch(/^.*email/i)
  })

  it('refuses to open a server on another machine over plain http://', async () => {
    const win = await relaunchedWith(['--server', 'http://192.0.2.10:5180'])
    expect(win).toBeNull()
    expect(showErrorBox).toHaveBeenCalledWith(
      'Leadline could not open the workspace',
      expect.stringMatching(/http:\/\/192\.0\.2\.10:5180[\s\S]*https:\/\//),
    )
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
