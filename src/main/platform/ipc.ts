import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { EVENT_CHANNEL, RPC_CHANNEL } from '../../preload/bridge'
import { AppError, type Envelope } from '../../shared/api/errors'
import type { HostBackend } from '../host/backend'
import { parseServerUrl } from '../client/server-url'
import { isAppUrl } from './window'

const REFUSED: Envelope<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This caller is not the Leadline window' },
}

/**
 * One IPC channel carries every call into the dispatcher. Only the app's own window, on the
 * app's own page, may call; the session token lives here in the main process, per window.
 */
export function registerIpc(
  backend: Pick<HostBackend, 'dispatch' | 'subscribe'>,
  appUrl: string,
  trusted: () => WebContents[],
  /** File → Connect to Team Server…: the checked address (https:// unless loopback) to reopen on. */
  connect: (url: string) => void,
): () => void {
  const tokens = new Map<number, string>()

  const isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const frameUrl = event.senderFrame?.url ?? ''
    return trusted().some((wc) => wc.id === event.sender.id) && isAppUrl(frameUrl, appUrl)
  }

  ipcMain.handle(RPC_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrusted(event) || typeof method !== 'string') return REFUSED
    const senderId = event.sender.id
    if (method === 'client/connect') return connectTo(input, connect)
    const envelope = await backend.dispatch(method, input, tokens.get(senderId) ?? null)
    if (envelope.ok && (method === 'auth/login' || method === 'auth/setup')) {
      tokens.set(senderId, (envelope.data as { token: string }).token)
    }
    if (method === 'auth/logout') tokens.delete(senderId)
    return envelope
  })

  const unsubscribe = backend.subscribe((name, payload) => {
    for (const wc of trusted()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload)
  })

  return () => {
    unsubscribe()
    ipcMain.removeHandler(RPC_CHANNEL)
  }
}

function connectTo(input: unknown, connect: (url: string) => void): Envelope<{ url: string }> {
  const raw = typeof input === 'object' && input !== null ? (input as { url?: unknown }).url : undefined
  try {
    if (typeof raw !== 'string' || !raw.trim())
      throw new AppError('VALIDATION', 'Some fields are not valid', { url: 'Enter the team server’s address' })
    const url = parseServerUrl(raw).origin
    connect(url)
    return { ok: true, data: { url } }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toData() }
    throw error
  }
}
