import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { invalidateAreas, onChangedAreas } from '../../../api/changes'

/**
 * Wallet balances, ledgers, bid usage and subscription usage move when leads are placed or
 * returned, which the engine announces as a change of `leads`. Screens showing them refetch then.
 */
export function useLeadDrivenRefresh(areas: string[] = ['bids', 'customers', 'wallets', 'subscription']): void {
  const client = useQueryClient()
  const key = areas.join()
  useEffect(
    () =>
      onChangedAreas((changed) => {
        if (changed.has('leads')) invalidateAreas(client, key.split(','))
      }),
    [client, key],
  )
}
