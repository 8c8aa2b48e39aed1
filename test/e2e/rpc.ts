import type { Page } from '@playwright/test'

/** Calls the app's API as the operator signed in on `page`, to seed or read what a test does not exercise. */
export async function rpc<T>(page: Page, url: string, method: string, input: unknown): Promise<T> {
  const token = String(await page.evaluate("localStorage.getItem('leadline.token')"))
  const res = await page.request.post(`${url}/rpc/${method}`, {
    headers: { authorization: `Bearer ${token}` },
    data: input,
  })
  const envelope = (await res.json()) as { ok: boolean; data: T; error?: { message: string } }
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.message}`)
  return envelope.data
}
