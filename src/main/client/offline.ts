import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { contract } from '../../shared/api/contract'
import type { AuditDecisionResult } from '../../shared/api/audit'
import { AppError, type Envelope } from '../../shared/api/errors'
import type { Permission } from '../../shared/domain/permissions'
import type { CacheStore, CachedSession } from './cache-store'

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) fields[issue.path.join('.') || '_'] ??= issue.message
  return fields
}

/** The same checks the server's dispatcher makes, on the session saved here. */
function authorize(session: CachedSession | null, permission: Permission): asserts session is CachedSession {
  if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in to continue')
  if (!session.user.permissions.includes(permission))
    throw new AppError('FORBIDDEN', `Your role (${session.user.role}) does not allow ${permission}`)
}

/**
 * An Audit decision taken while the server is away: checked as the server would (input, the
 * operator's permission, the lead still in the cached queue and not already decided here), then
 * written to the outbox before it is acknowledged. The lead stays in Audit on the server until
 * the outbox is sent.
 */
export function queueDecision(
  method: string,
  input: unknown,
  session: CachedSession | null,
  sessionHash: string | null,
  store: CacheStore,
  now: number,
): Envelope<AuditDecisionResult> | null {
  if (method !== 'audit/approve' && method !== 'audit/reject') return null
  authorize(session, 'leads.edit')
  const parsed = contract['audit/reject'].input.partial({ reason: true }).safeParse(input ?? undefined)
  if (!parsed.success) throw new AppError('VALIDATION', 'Some fields are not valid', fieldsOf(parsed.error))
  const reason = method === 'audit/reject' ? (parsed.data.reason ?? null) : null
  if (method === 'audit/reject' && reason === null)
    throw new AppError('VALIDATION', 'Some fields are not valid', { reason: 'Say why the lead is rejected' })
  const { id, decisionId } = parsed.data
  if (!store.auditLeadIds().includes(id))
    throw new AppError('NOT_FOUND', 'This lead is not in the Audit queue kept on this computer')
  if (store.pendingFor(id)) throw new AppError('CONFLICT', 'You already decided this lead; it waits to be sent')
  store.enqueue({
    decisionId: decisionId ?? randomUUID(),
    leadId: id,
    decision: method === 'audit/approve' ? 'approve' : 'reject',
    reason,
    queuedAt: now,
    sessionHash,
    userId: session.user.id,
  })
  return { ok: true, data: { status: 'Audit', replayed: false, queued: true } }
}

/** What can be answered from the cache while offline: the session, the Audit queue and its leads. */
export function offlineAnswer(
  method: string,
  input: unknown,
  session: CachedSession | null,
  store: CacheStore,
): Envelope<unknown> | null {
  switch (method) {
    case 'auth/status':
      return {
        ok: true,
        data: { needsSetup: false, workspaceName: store.meta('workspaceName') ?? '', user: session?.user ?? null },
      }
    case 'auth/me':
      authorize(session, 'leads.view')
      return { ok: true, data: session.user }
    case 'audit/queue': {
      authorize(session, 'leads.view')
      const parsed = contract[method].input.safeParse(input ?? undefined)
      return { ok: true, data: store.auditQueue(parsed.success ? parsed.data.limit : 100) }
    }
    case 'leads/get':
    case 'leads/fields': {
      authorize(session, 'leads.view')
      const parsed = contract[method].input.safeParse(input ?? undefined)
      if (!parsed.success) return null
      const data = method === 'leads/get' ? store.detail(parsed.data.id) : store.fields(parsed.data.id)
      return data ? { ok: true, data } : null
    }
    default:
      return null
  }
}
