import { z } from 'zod'
import type { Page } from '../../domain/page'
import { method } from '../define'
import { id } from './common'

export type WalletKind = 'deposit' | 'charge' | 'credit' | 'adjustment'

export interface LedgerEntry {
  id: number
  kind: WalletKind
  amountCents: number
  leadId: number | null
  leadUuid: string | null
  userName: string | null
  reason: string | null
  createdAt: number
}

export const walletsContract = {
  'wallets/ledger': method<Page<LedgerEntry> & { balanceCents: number }>()({
    input: z.object({
      customerId: id,
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(500).default(25),
    }),
    access: 'leads.view',
  }),
  'wallets/deposit': method<{ balanceCents: number }>()({
    input: z.object({
      customerId: id,
      amountCents: z.number().int().positive('Enter an amount above zero'),
      reason: z.string().trim().max(500).optional(),
    }),
    access: 'wallets.adjust',
  }),
  /** A signed correction; the reason is mandatory. */
  'wallets/adjust': method<{ balanceCents: number }>()({
    input: z.object({
      customerId: id,
      amountCents: z
        .number()
        .int()
        .refine((v) => v !== 0, 'Enter a non-zero amount'),
      reason: z.string().trim().min(1, 'Say why').max(500),
    }),
    access: 'wallets.adjust',
  }),
}
