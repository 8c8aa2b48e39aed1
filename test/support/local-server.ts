import { afterEach } from 'vitest'
import { type Answer, type LocalServer, type Received, startLocalServer } from './endpoint'

export type { Answer, LocalServer, Received }

const open: LocalServer[] = []

afterEach(async () => {
  for (const server of open.splice(0)) await server.close()
})

/** A partner or customer endpoint on 127.0.0.1, closed after the test that started it. */
export async function localServer(answer: (req: Received, index: number) => Answer): Promise<LocalServer> {
  const server = await startLocalServer(answer)
  open.push(server)
  return server
}
