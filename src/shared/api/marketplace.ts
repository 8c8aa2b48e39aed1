import { z } from 'zod'
import type { Page } from '../domain/page'
import { method } from './define'

const id = z.number().int().positive()

export type ListingKind = 'auction' | 'reverse'
export type ListingStatus = 'open' | 'sold' | 'expired' | 'closed' | 'cancelled'

export interface ListingRow {
  id: number
  kind: ListingKind
  status: ListingStatus
  leadId: number
  leadUuid: string
  leadName: string
  leadStatus: string
  categoryName: string | null
  /** Reverse auctions: the customer who wants leads like this one. */
  customerId: number | null
  customerName: string | null
  openedAt: number
  closesAt: number | null
  closedAt: number | null
  /** Descending auctions: today's price, computed from start, decrement and interval. */
  currentPriceCents: number | null
  startPriceCents: number | null
  floorPriceCents: number | null
  offerCount: number
  bestOfferCents: number | null
  winnerCustomerName: string | null
  winnerSourceName: string | null
  /** The price it closed at: the sale price, or the winning offer. */
  priceCents: number | null
}

export interface OfferRow {
  id: number
  sourceId: number | null
  sourceName: string | null
  userName: string | null
  priceCents: number
  note: string | null
  createdAt: number
}

export interface CloseOutcome {
  status: ListingStatus
  leadStatus: string
  winnerSourceId: number | null
  priceCents: number | null
  message: string
}

export const marketplaceListSchema = z.object({
  kind: z.enum(['auction', 'reverse']),
  state: z.enum(['open', 'closed']).default('open'),
  customerId: id.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
})

export const marketplaceContract = {
  'marketplace/list': method<Page<ListingRow>>()({ input: marketplaceListSchema, access: 'leads.view' }),
  'marketplace/offers': method<OfferRow[]>()({ input: z.object({ listingId: id }), access: 'leads.view' }),
  'marketplace/sources': method<{ id: number; name: string }[]>()({
    input: z.object({}).default({}),
    access: 'leads.view',
  }),
  /** An operator enters a source's offer for a reverse auction (e.g. agreed by phone). */
  'marketplace/offer': method<{ offerId: number }>()({
    input: z.object({
      listingId: id,
      sourceId: id,
      priceCents: z.number().int().min(0).max(100_000_00),
      note: z.string().trim().max(500).optional(),
    }),
    access: 'leads.edit',
  }),
  /** Closes a reverse auction now: the lowest offer wins. */
  'marketplace/close': method<CloseOutcome>()({ input: z.object({ listingId: id }), access: 'leads.edit' }),
}
