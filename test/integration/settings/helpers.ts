import { expect } from 'vitest'
import type { Envelope } from '../../../src/shared/api/errors'
import { testSql } from '../../support/sql'
import type { TestApp } from '../../support/workspace'

export { ok } from '../../support/calls'

/** Calls a method expecting the given error code; returns the error. */
export async function fails(app: TestApp, method: string, input: unknown, token: string | null, code: string) {
  const result: Envelope<unknown> = await app.call(method, input, token)
  expect(result.ok, `${method} should fail with ${code}`).toBe(false)
  if (result.ok) throw new Error('unreachable')
  expect(result.error.code).toBe(code)
  return result.error
}

export async function auditActions(app: TestApp): Promise<string[]> {
  const rows = await testSql(app).all<{ action: string }>('SELECT action FROM audit_log ORDER BY id')
  return rows.map((r) => r.action)
}

export async function count(app: TestApp, table: string): Promise<number> {
  const row = await testSql(app).get<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`)
  return Number(row?.n)
}
