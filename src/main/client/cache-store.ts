import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { AuditItem } from '../../shared/api/audit'
import type { SentDecision } from '../../shared/api/client'
import type { LeadField } from '../../shared/api/leads'
import type { LeadDetail } from '../../shared/domain/lead'
import type { SessionUser } from '../../shared/domain/user'

/** A decision waiting in the outbox, or sent. The decision id is the client's, sent with every try. */
export interface OutboxRow {
  seq: number
  decisionId: string
  leadId: number
  decision: 'approve' | 'reject'
  reason: string | null
  queuedAt: number
  sessionHash: string | null
  userId: number
  state: 'pending' | 'applied' | 'conflict' | 'failed'
}

/**
 * How the server's session token is kept at rest: the desktop seals it with the OS keychain
 * (Electron's safeStorage); the client host of the tests and scripts keeps it as is.
 */
export interface TokenSeal {
  seal(token: string): string
  open(sealed: string): string
}

export const PLAIN_SEAL: TokenSeal = { seal: (t) => t, open: (t) => t }

export interface CachedSession {
  serverToken: string
  user: SessionUser
}

/**
 * Everything a client of a team server keeps on this machine, in one SQLite file per server: the
 * sessions (local token → the server's, so a restart keeps the operator signed in and the outbox
 * sendable), the Audit queue with each lead's detail and fields, and the outbox. Every statement
 * of the cache is here. It is a cache: its schema is created, never migrated (a future shape
 * drops and refills it — except the outbox and sessions, which are added to, never rewritten).
 */
export class CacheStore {
  private readonly db: Database.Database

  constructor(
    path: string,
    nativeBinding?: string,
    private readonly tokens: TokenSeal = PLAIN_SEAL,
  ) {
    mkdirSync(dirname(path), { recursive: true })
    this.db = new Database(path, nativeBinding ? { nativeBinding } : {})
    this.db.pragma('journal_mode = WAL')
    // A decision queued is on disk before the operator sees it queued (kill -9 keeps it).
    this.db.pragma('synchronous = FULL')
    // A queue cached in an older shape is dropped; the next connection fills it again.
    const columns = this.db.prepare('PRAGMA table_info(audit_items)').all() as Array<{ name: string }>
    if (columns.length > 0 && !columns.some((c) => c.name === 'detail_stale')) this.db.exec('DROP TABLE audit_items')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY,
        server_token TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        user_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS audit_items (
        lead_id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        item_json TEXT NOT NULL,
        detail_json TEXT,
        fields_json TEXT,
        detail_stale INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        decision_id TEXT NOT NULL UNIQUE,
        lead_id INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
        reason TEXT,
        queued_at INTEGER NOT NULL,
        session_hash TEXT,
        user_id INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'conflict', 'failed')),
        result_json TEXT,
        sent_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (state, seq);
    `)
  }

  close(): void {
    this.db.close()
  }

  // Meta -----------------------------------------------------------------------------------------

  meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined
    return row?.value ?? null
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key)
    else
      this.db
        .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(key, value)
  }

  // Sessions -------------------------------------------------------------------------------------

  saveSession(tokenHash: string, serverToken: string, user: SessionUser, now: number): void {
    this.db
      .prepare('INSERT INTO sessions (token_hash, server_token, user_id, user_json, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(tokenHash, this.tokens.seal(serverToken), user.id, JSON.stringify(user), now)
  }

  session(tokenHash: string): CachedSession | null {
    const row = this.db.prepare('SELECT server_token, user_json FROM sessions WHERE token_hash = ?').get(tokenHash) as
      { server_token: string; user_json: string } | undefined
    return row
      ? { serverToken: this.tokens.open(row.server_token), user: JSON.parse(row.user_json) as SessionUser }
      : null
  }

  /** The newest sessions first: the event stream uses one that the server still accepts. */
  sessions(): Array<CachedSession & { tokenHash: string }> {
    const rows = this.db
      .prepare('SELECT token_hash, server_token, user_json FROM sessions ORDER BY created_at DESC, rowid DESC')
      .all() as Array<{ token_hash: string; server_token: string; user_json: string }>
    return rows.map((r) => ({
      tokenHash: r.token_hash,
      serverToken: this.tokens.open(r.server_token),
      user: JSON.parse(r.user_json) as SessionUser,
    }))
  }

  dropSession(tokenHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash)
  }

  // The Audit queue ------------------------------------------------------------------------------

  /** Replaces the cached queue by the server's, keeping details already fetched for leads unchanged in it. */
  replaceAuditQueue(total: number, items: AuditItem[]): void {
    this.db.transaction(() => {
      const keep = new Set(items.map((i) => i.id))
      const cached = this.db.prepare('SELECT lead_id FROM audit_items').all() as Array<{ lead_id: number }>
      const drop = this.db.prepare('DELETE FROM audit_items WHERE lead_id = ?')
      for (const c of cached) if (!keep.has(c.lead_id)) drop.run(c.lead_id)
      // A lead whose queue entry changed (edited by a colleague) has its detail fetched again; the
      // old one stays until then, so a connection lost in between still leaves it readable offline.
      const upsert = this.db.prepare(`
        INSERT INTO audit_items (lead_id, position, item_json) VALUES (?, ?, ?)
        ON CONFLICT (lead_id) DO UPDATE SET
          position = excluded.position,
          item_json = excluded.item_json,
          detail_stale = CASE WHEN audit_items.item_json = excluded.item_json THEN audit_items.detail_stale ELSE 1 END`)
      items.forEach((item, position) => upsert.run(item.id, position, JSON.stringify(item)))
      this.setMeta('auditTotal', String(total))
    })()
  }

  /** Cached items in queue order, without the ones decided here and waiting to be sent. */
  auditQueue(limit: number): { total: number; items: AuditItem[] } {
    const rows = this.db
      .prepare(
        `SELECT item_json FROM audit_items
         WHERE lead_id NOT IN (SELECT lead_id FROM outbox WHERE state = 'pending')
         ORDER BY position LIMIT ?`,
      )
      .all(limit) as Array<{ item_json: string }>
    return { total: this.auditUndecided(), items: rows.map((r) => JSON.parse(r.item_json) as AuditItem) }
  }

  /** Leads of the queue still to review here (those decided offline wait in the outbox instead). */
  auditUndecided(): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM audit_items WHERE lead_id NOT IN (SELECT lead_id FROM outbox WHERE state = 'pending')`,
      )
      .get() as { n: number }
    return row.n
  }

  /** Leads of the Audit queue held on this computer, with their details. */
  auditCached(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_items').get() as { n: number }).n
  }

  auditLeadIds(): number[] {
    return (
      this.db.prepare('SELECT lead_id FROM audit_items ORDER BY position').all() as Array<{ lead_id: number }>
    ).map((r) => r.lead_id)
  }

  /** Ids of cached leads whose detail was not fetched yet, or was fetched before the lead last changed. */
  missingDetails(): number[] {
    const rows = this.db
      .prepare(
        `SELECT lead_id FROM audit_items
         WHERE detail_json IS NULL OR fields_json IS NULL OR detail_stale = 1 ORDER BY position`,
      )
      .all() as Array<{ lead_id: number }>
    return rows.map((r) => r.lead_id)
  }

  saveDetail(leadId: number, detail: LeadDetail, fields: LeadField[]): void {
    this.db
      .prepare('UPDATE audit_items SET detail_json = ?, fields_json = ?, detail_stale = 0 WHERE lead_id = ?')
      .run(JSON.stringify(detail), JSON.stringify(fields), leadId)
  }

  detail(leadId: number): LeadDetail | null {
    const row = this.db.prepare('SELECT detail_json FROM audit_items WHERE lead_id = ?').get(leadId) as
      { detail_json: string | null } | undefined
    return row?.detail_json ? (JSON.parse(row.detail_json) as LeadDetail) : null
  }

  fields(leadId: number): LeadField[] | null {
    const row = this.db.prepare('SELECT fields_json FROM audit_items WHERE lead_id = ?').get(leadId) as
      { fields_json: string | null } | undefined
    return row?.fields_json ? (JSON.parse(row.fields_json) as LeadField[]) : null
  }

  // The outbox -----------------------------------------------------------------------------------

  enqueue(row: Omit<OutboxRow, 'seq' | 'state'>): void {
    this.db
      .prepare(
        `INSERT INTO outbox (decision_id, lead_id, decision, reason, queued_at, session_hash, user_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.decisionId, row.leadId, row.decision, row.reason, row.queuedAt, row.sessionHash, row.userId)
  }

  /** Pending decisions of a user are sent under their newest session. */
  adopt(userId: number, tokenHash: string): void {
    this.db.prepare(`UPDATE outbox SET session_hash = ? WHERE user_id = ? AND state = 'pending'`).run(tokenHash, userId)
  }

  /** Whether this lead already has a decision waiting here (a second key press is not a second decision). */
  pendingFor(leadId: number): boolean {
    return this.db.prepare(`SELECT 1 FROM outbox WHERE lead_id = ? AND state = 'pending'`).get(leadId) !== undefined
  }

  pending(): OutboxRow[] {
    const rows = this.db
      .prepare(
        `SELECT seq, decision_id, lead_id, decision, reason, queued_at, session_hash, user_id, state
         FROM outbox WHERE state = 'pending' ORDER BY seq`,
      )
      .all() as Array<{
      seq: number
      decision_id: string
      lead_id: number
      decision: 'approve' | 'reject'
      reason: string | null
      queued_at: number
      session_hash: string | null
      user_id: number
      state: OutboxRow['state']
    }>
    return rows.map((r) => ({
      seq: r.seq,
      decisionId: r.decision_id,
      leadId: r.lead_id,
      decision: r.decision,
      reason: r.reason,
      queuedAt: r.queued_at,
      sessionHash: r.session_hash,
      userId: r.user_id,
      state: r.state,
    }))
  }

  waiting(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }).n
  }

  /** A pending decision's outcome; only a pending one is settled, so a result is written once. */
  settle(seq: number, result: SentDecision): void {
    this.db
      .prepare(`UPDATE outbox SET state = ?, result_json = ?, sent_at = ? WHERE seq = ? AND state = 'pending'`)
      .run(result.outcome, JSON.stringify(result), result.sentAt, seq)
    if (result.outcome !== 'failed') this.db.prepare('DELETE FROM audit_items WHERE lead_id = ?').run(result.leadId)
  }

  /** The latest sent decisions, newest first (a desktop has one operator at a time). */
  results(limit = 50): SentDecision[] {
    const rows = this.db
      .prepare(`SELECT result_json FROM outbox WHERE result_json IS NOT NULL ORDER BY seq DESC LIMIT ?`)
      .all(limit) as Array<{ result_json: string }>
    return rows.map((r) => JSON.parse(r.result_json) as SentDecision)
  }
}
