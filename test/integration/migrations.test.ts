import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../src/main/db/migrations'
import type { Migration } from '../../src/main/db/migrate'
import { openWorkspace } from '../../src/main/db/open'
import { tempDir } from '../support/workspace'

const tables = (path: string): string[] => {
  const db = new Database(path, { readonly: true })
  const names = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name)
  db.close()
  return names
}

const rows = (path: string, sql: string): unknown[] => {
  const db = new Database(path, { readonly: true })
  const result = db.prepare(sql).all()
  db.close()
  return result
}

describe('workspace migrations', () => {
  it('creates every table of a new workspace without a backup', () => {
    const path = join(tempDir(), 'new.db')
    const ws = openWorkspace({ path })
    ws.close()
    expect(ws.backupPath).toBeNull()
    expect(tables(path)).toEqual(
      expect.arrayContaining([
        'leads',
        'lead_events',
        'wallet_transactions',
        'bids',
        'partners',
        'audit_log',
        'leads_fts',
      ]),
    )
    const pragmas = new Database(path)
    expect(pragmas.pragma('journal_mode', { simple: true })).toBe('wal')
    pragmas.close()
  })

  it('migrates a workspace made by an older schema and keeps a backup of it', () => {
    const path = join(tempDir(), 'old.db')
    const old = openWorkspace({ path, migrations: migrations.slice(0, 1) })
    old.sqlite.exec("INSERT INTO settings (key, value) VALUES ('workspace.name', '\"Old\"')")
    old.close()

    const next: Migration = { name: '999_test_column', statements: ['ALTER TABLE customers ADD COLUMN notes TEXT'] }
    const ws = openWorkspace({ path, migrations: [...migrations, next] })
    ws.close()

    expect(ws.backupPath).not.toBeNull()
    expect(existsSync(ws.backupPath as string)).toBe(true)
    expect(rows(path, "SELECT name FROM pragma_table_info('customers') WHERE name = 'notes'")).toHaveLength(1)
    // The backup is the workspace as it was before: data present, new column absent.
    expect(rows(ws.backupPath as string, 'SELECT value FROM settings')).toEqual([{ value: '"Old"' }])
    expect(
      rows(ws.backupPath as string, "SELECT name FROM pragma_table_info('customers') WHERE name = 'notes'"),
    ).toHaveLength(0)
  })

  it('leaves the original file as it was when a migration fails, and says which one', () => {
    const path = join(tempDir(), 'old.db')
    const old = openWorkspace({ path })
    old.sqlite.exec("INSERT INTO settings (key, value) VALUES ('k', '1')")
    old.close()
    const before = {
      tables: tables(path),
      settings: rows(path, 'SELECT * FROM settings'),
      applied: rows(path, 'SELECT name FROM _migrations'),
    }

    const good: Migration = { name: '998_good', statements: ['CREATE TABLE added_by_good (id INTEGER)'] }
    const bad: Migration = { name: '999_bad', statements: ['CREATE TABLE half (id INTEGER)', 'THIS IS NOT SQL'] }
    expect(() => openWorkspace({ path, migrations: [...migrations, good, bad] })).toThrow(/999_bad failed/)

    expect(tables(path)).toEqual(before.tables)
    expect(rows(path, 'SELECT * FROM settings')).toEqual(before.settings)
    expect(rows(path, 'SELECT name FROM _migrations')).toEqual(before.applied)
  })

  it('refuses a workspace whose applied migration was edited', () => {
    const path = join(tempDir(), 'edited.db')
    openWorkspace({ path }).close()
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, statements: [...m.statements, 'SELECT 1'] } : m))
    expect(() => openWorkspace({ path, migrations: edited })).toThrow(/was edited/)
  })

  it('gives earlier buy-now charges the operator the audit log names (migration 081)', () => {
    const path = join(tempDir(), 'buy-now.db')
    const index = migrations.findIndex((m) => m.name === '081_wallet_buy_now_users')
    const old = openWorkspace({ path, migrations: migrations.slice(0, index) })
    old.sqlite.exec(`
      INSERT OR IGNORE INTO roles (id, name) VALUES (1, 'Operator');
      INSERT INTO users (id, name, email, password_hash, role_id, created_at) VALUES (7, 'Olga', 'o@x.test', 'h', 1, 0);
      INSERT INTO customers (id, name, created_at) VALUES (1, 'Acme', 0);
      INSERT INTO leads (id, uuid, status, created_at, updated_at) VALUES (1, 'u-1', 'Assigned', 0, 0), (2, 'u-2', 'Assigned', 0, 0);
      INSERT INTO wallet_transactions (customer_id, kind, amount_cents, lead_id, user_id, created_at) VALUES
        (1, 'charge', -2000, 1, NULL, 5000),
        (1, 'charge', -1500, 2, NULL, 5000),
        (1, 'charge', -900, 1, NULL, 900000);
      INSERT INTO audit_log (user_id, user_name, action, target_type, target_id, after, at)
        VALUES (7, 'Olga', 'marketplace.buy', 'listing', '3', '{"leadId":1,"customerId":1,"priceCents":2000}', 5001);
    `)
    old.close()
    openWorkspace({ path }).close()
    // Only the charge the audit log describes (same lead, customer, price and moment) gets a user.
    expect(rows(path, 'SELECT lead_id, amount_cents, user_id FROM wallet_transactions ORDER BY id')).toEqual([
      { lead_id: 1, amount_cents: -2000, user_id: 7 },
      { lead_id: 2, amount_cents: -1500, user_id: null },
      { lead_id: 1, amount_cents: -900, user_id: null },
    ])
  })
})
