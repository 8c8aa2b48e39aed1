/**
 * The names the browser host answers to. A page on another site that resolves its own name to
 * 127.0.0.1 (DNS rebinding) sends its own name as `Host`, so anything but these is refused.
 */
export class HostNames {
  constructor(
    private readonly port: () => number,
    private readonly extra: readonly string[] = [],
  ) {}

  allows(host: string | undefined): boolean {
    if (!host) return false
    const name = host.toLowerCase()
    const port = this.port()
    if (name === `127.0.0.1:${port}` || name === `localhost:${port}`) return true
    // A name given with --allowed-host is taken as given, or with the port the host listens on
    // (behind a reverse proxy the Host header carries no port).
    return this.extra.some((allowed) => {
      const a = allowed.toLowerCase()
      return name === a || name === `${a}:${port}`
    })
  }
}

/** Whether an `Origin` header names the same site as the request's own (already allowed) `Host`. */
export function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase()
  } catch {
    return false
  }
}
