import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { on } from '../../../api/client'

/**
 * Wallet balances, ledgers, bid usage and subscription usage move when leads are placed or
 * returned, which the engine announces as a change of `leads`. Screens showing them refetch then.
 */
export function useLeadDrivenRefresh(areas: string[] = ['bids', 'customers', 'wallets', 'subscription']): void {
  const client = useQueryClient()
  const key = areas.join()
  useEffect(
    () =>
      on('changed', (event) => {
        if (!event.areas.includes('leads')) return
        const wanted = key.split(',')
        void client.invalidateQueries({
          predicate: (q) => typeof q.queryKey[0] === 'string' && wanted.includes(q.queryKey[0].split('/')[0] ?? ''),
        })
      }),
    [client, key],
  )
}
