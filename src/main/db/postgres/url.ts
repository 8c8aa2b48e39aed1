/** The URL of database `name` on the server of `baseUrl`, keeping its user, host and parameters. */
export function databaseUrl(baseUrl: string, name: string): string {
  const match = /^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(baseUrl)
  if (!match) throw new Error(`Not a postgres:// URL: ${baseUrl}`)
  return `${match[1]}/${name}${match[3] ?? ''}`
}
