/** The whole surface the preload exposes as `window.leadline`. Shared by preload and renderer. */
export interface LeadlineBridge {
  invoke(method: string, input: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
}

export const RPC_CHANNEL = 'leadline:rpc'
export const EVENT_CHANNEL = 'leadline:event'
