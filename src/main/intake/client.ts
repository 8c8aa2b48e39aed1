import { isIP } from 'node:net'
import type { FastifyRequest } from 'fastify'
import { reply } from './replies'
import type { IntakeReply } from './types'

/** Who the lead came from: the consumer's address and browser, as the source says, else the request's. */
export interface IntakeClient {
  ip: string | null
  userAgent: string | null
}

const MAX_USER_AGENT = 1000

/** `::ffff:10.0.0.1` (an IPv4 client of a dual-stack socket) is written as `10.0.0.1`. */
function plainIp(address: string | undefined): string | null {
  if (!address) return null
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address
}

/**
 * Takes `ip_address` and `user_agent` out of the body (they describe the consumer, not the lead's
 * fields) and falls back to the request's own address (X-Forwarded-For only from trusted proxies,
 * which fastify resolves into `request.ip`) and User-Agent header.
 */
export function clientOf(
  body: Record<string, unknown>,
  request: FastifyRequest,
): { body: Record<string, unknown>; client: IntakeClient } | IntakeReply {
  const { ip_address: ipField, user_agent: agentField, ...rest } = body
  let ip = plainIp(request.ip)
  if (ipField !== undefined && ipField !== null && ipField !== '') {
    if (typeof ipField !== 'string' || isIP(ipField.trim()) === 0)
      return reply.validation({ ip_address: 'Give the consumer’s IP address (IPv4 or IPv6)' })
    ip = plainIp(ipField.trim())
  }
  let userAgent = request.headers['user-agent'] ?? null
  if (agentField !== undefined && agentField !== null && agentField !== '') {
    if (typeof agentField !== 'string')
      return reply.validation({ user_agent: 'Give the consumer’s user agent as text' })
    userAgent = agentField
  }
  return {
    body: rest,
    client: { ip, userAgent: userAgent === null ? null : userAgent.trim().slice(0, MAX_USER_AGENT) || null },
  }
}
