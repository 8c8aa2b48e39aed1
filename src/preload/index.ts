import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENT_CHANNEL, type LeadlineBridge, RPC_CHANNEL } from './bridge'

// Exactly two functions cross into the page; the Electron event object never does.
const bridge: LeadlineBridge = {
  invoke: (method, input) => ipcRenderer.invoke(RPC_CHANNEL, String(method), input),
  on: (event, listener) => {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown): void => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler)
    }
  },
}

contextBridge.exposeInMainWorld('leadline', bridge)
