import { expect } from 'vitest'
import type { FileDelivery } from '../../../src/shared/api/exports'
import { ok } from '../../support/calls'
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

export function count(app: TestApp, sql: string, ...params: unknown[]): number {
  return (app.services.deps.store.sqlite.prepare(sql).get(...params) as { n: number }).n
}

export function rows<T>(app: TestApp, sql: string, ...params: unknown[]): T[] {
  return app.services.deps.store.sqlite.prepare(sql).all(...params) as T[]
}

/** The path of a file the app offers for download (taken once). */
export function downloaded(app: TestApp, delivery: FileDelivery): string {
  if (delivery.kind !== 'download') throw new Error(`expected a download, got ${delivery.kind}`)
  const [, id, secret] = /^\/downloads\/([^?]+)\?token=(.+)$/.exec(delivery.url) ?? []
  const file = app.services.files.take(id ?? '', secret ?? '')
  if (!file) throw new Error('download not found')
  return file.path
}
