import type { TestApp } from './workspace'

/** Calls a method and returns its data, failing the test with the error when it did not succeed. */
export async function ok<T = unknown>(app: TestApp, method: string, input: unknown, token: string): Promise<T> {
  const result = await app.call(method, input, token)
  if (!result.ok)
    throw new Error(
      `${method} failed: ${result.error.code} ${result.error.message} ${JSON.stringify(result.error.fields)}`,
    )
  return result.data as T
}
