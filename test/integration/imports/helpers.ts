import { expect } from 'vitest'
import type { FileDelivery } from '../../../src/shared/api/exports'
import { ok } from '../../support/calls'
import { testSql } from '../../support/sql'
import type { TestApp } from '../../support/workspace'

/** Sends a file as the page does: two base64 chunks through `imports/upload`. */
export async function upload(
  app: TestApp,
  token: string,
  text: string | Buffer,
  fileName = 'leads.csv',
): Promise<string> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8')
  const half = Math.floor(bytes.length / 2)
  const first = await ok<{ uploadId: string }>(
    app,
    'imports/upload',
    { fileName, chunk: bytes.subarray(0, half).toString('base64') },
    token,
  )
  const done = await ok<{ bytes: number; done: boolean }>(
    app,
    'imports/upload',
    { uploadId: first.uploadId, fileName, chunk: bytes.subarray(half).toString('base64'), done: true },
    token,
  )
  expect(done).toEqual({ uploadId: first.uploadId, bytes: bytes.length, done: true })
  return first.uploadId
}

/** `count(*) AS n` of a query, on either database. */
export async function count(app: TestApp, sql: string, ...params: unknown[]): Promise<number> {
  const row = await testSql(app).get<{ n: number | string }>(sql, ...params)
  return Number(row?.n)
}

export function rows<T>(app: TestApp, sql: string, ...params: unknown[]): Promise<T[]> {
  return testSql(app).all<T>(sql, ...params)
}

/** The path of a file the app offers for download (taken once). */
export function downloaded(app: TestApp, delivery: FileDelivery): string {
  if (delivery.kind !== 'download') throw new Error(`expected a download, got ${delivery.kind}`)
  const [, id, secret] = /^\/downloads\/([^?]+)\?token=(.+)$/.exec(delivery.url) ?? []
  const file = app.services.files.take(id ?? '', secret ?? '')
  if (!file) throw new Error('download not found')
  return file.path
}

/**
 * Makes the database refuse inserts into `table` whose new row matches `when` (a condition on
 * `new`), with `message` as the error: a trigger, written for whichever database the app runs.
 */
export async function refuseInserts(
  app: TestApp,
  name: string,
  table: string,
  when: string,
  message: string,
): Promise<void> {
  const q = testSql(app)
  if (app.services.deps.dialect === 'postgres') {
    await q.run(
      `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF ${when} THEN RAISE EXCEPTION '${message}'; END IF; RETURN new; END $$`,
    )
    await q.run(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`)
  } else {
    await q.run(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
    )
  }
}
