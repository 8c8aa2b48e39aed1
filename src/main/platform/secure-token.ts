import { safeStorage } from 'electron'
import type { TokenSeal } from '../client/cache-store'

/**
 * The team server's session token at rest, sealed by the OS keychain (Electron's safeStorage): the
 * cache file alone does not let anyone act as the operator.
 */
export function safeStorageSeal(): TokenSeal {
  return {
    seal: (token) => {
      if (!safeStorage.isEncryptionAvailable())
        throw new Error('This computer offers no secure storage for the team server’s session')
      return safeStorage.encryptString(token).toString('base64')
    },
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  }
}
