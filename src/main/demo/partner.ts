import { createServer, type Server } from 'node:http'
import type { SeededRandom } from './random'

/**
 * A stand-in external buyer for the length of the demo run: it bids on some pings, accepts most
 * posts and garbles the answer to one in twenty, so the workspace shows real ping/post records and Posted leads.
 */
export async function startDemoPartner(rng: SeededRandom): Promise<{ url: string; close(): Promise<void> }> {
  let n = 0
  let posts = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      n++
      if (req.url !== '/ping' && ++posts % 20 === 2) {
        // Now and then an answer nobody can read: the post's outcome is unknown until an operator decides.
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<html><body>Thank you</body></html>')
        return
      }
      let body: unknown
      if (req.url === '/ping') {
        body = rng.chance(0.45)
          ? { accepted: true, price: rng.int(400, 950) / 100, id: `bid-${n}` }
          : { accepted: false }
      } else {
        body = rng.chance(0.85)
          ? { accepted: true, id: `order-${n}` }
          : { accepted: false, reason: 'Lead outside our coverage' }
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
