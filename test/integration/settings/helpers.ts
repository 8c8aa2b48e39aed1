import { expect } from 'vitest'
import type { Envelope } from '../../../src/shared/api/errors'
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

export function auditActions(app: TestApp): string[] {
  return app.services.deps.store.sqlite
    .prepare('SELECT action FROM audit_log ORDER BY id')
    .all()
    .map((r) => (r as { action: string }).action)
}

export function count(app: TestApp, table: string): number {
  return (app.services.deps.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
}
