import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { EVENT_CHANNEL, RPC_CHANNEL } from '../../preload/bridge'
import type { Envelope } from '../../shared/api/errors'
import type { LeadlineApp } from '../host/app'
import { isAppUrl } from './window'

const REFUSED: Envelope<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This caller is not the Leadline window' },
}

/**
 * One IPC channel carries every call into the dispatcher. Only the app's own window, on the
 * app's own page, may call; the session token lives here in the main process, per window.
 */
export function registerIpc(app: LeadlineApp, appUrl: string, trusted: () => WebContents[]): () => void {
  const tokens = new Map<number, string>()

  const isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const frameUrl = event.senderFrame?.url ?? ''
    return trusted().some((wc) => wc.id === event.sender.id) && isAppUrl(frameUrl, appUrl)
  }

  ipcMain.handle(RPC_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrusted(event) || typeof method !== 'string') return REFUSED
    const senderId = event.sender.id
    const envelope = await app.dispatch(method, input, tokens.get(senderId) ?? null)
    if (envelope.ok && (method === 'auth/login' || method === 'auth/setup')) {
      tokens.set(senderId, (envelope.data as { token: string }).token)
    }
    if (method === 'auth/logout') tokens.delete(senderId)
    return envelope
  })

  const unsubscribe = app.events.subscribe((name, payload) => {
    for (const wc of trusted()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload)
  })

  return () => {
    unsubscribe()
    ipcMain.removeHandler(RPC_CHANNEL)
  }
}
