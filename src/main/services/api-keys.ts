import { createHash, randomBytes } from 'node:crypto'

/** A source's API key: shown once at creation, stored only as its hash. */
export function newApiKey(): string {
  return `ll_${randomBytes(24).toString('base64url')}`
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** What the UI may show of a key after creation: its first characters. */
export function apiKeyHint(key: string): string {
  return `${key.slice(0, 7)}…`
}
