import { isIP } from 'node:net'
import { AppError } from '../../shared/api/errors'

const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost'])

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves this machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (LOOPBACK_NAMES.has(host) || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1'
  return false
}

/**
 * A team server's address as the client keeps it (scheme, host and port). The session token and
 * every lead cross this link, so it must be https:// — except to this machine itself.
 */
export function parseServerUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new AppError('VALIDATION', 'Enter the team server’s address, e.g. https://leads.example.com', {
      url: 'Not a web address',
    })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('VALIDATION', 'The team server’s address starts with https://', { url: 'Use https://' })
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    throw new AppError('VALIDATION', 'A team server on another machine must be reached over https://', {
      url: 'Use https:// (plain http:// only for this machine)',
    })
  if (url.username || url.password)
    throw new AppError('VALIDATION', 'Leave the sign-in out of the address', { url: 'No user name in the address' })
  return new URL(url.origin)
}

/** The cache file's name for a server: `leads.example.com-443`, `127.0.0.1-5180`. */
export function cacheName(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return `${url.hostname.replace(/[^\w.-]+/g, '_')}-${port}`
}
