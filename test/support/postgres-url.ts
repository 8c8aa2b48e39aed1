/**
 * The URL of database `name` on the server of `baseUrl`, keeping its user, host and parameters.
 * Kept apart from the vitest helpers so the Playwright suite can use it too.
 */
export function databaseUrl(baseUrl: string, name: string): string {
  const match = /^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(baseUrl)
  if (!match) throw new Error(`LEADLINE_TEST_PG is not a postgres:// URL: ${baseUrl}`)
  return `${match[1]}/${name}${match[3] ?? ''}`
}
