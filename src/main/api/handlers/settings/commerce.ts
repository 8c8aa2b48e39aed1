import type { bidsContract } from '../../../../shared/api/settings/bids'
import type { customersContract } from '../../../../shared/api/settings/customers'
import type { sourcesContract } from '../../../../shared/api/settings/sources'
import type { walletsContract } from '../../../../shared/api/settings/wallets'
import type { HandlersOf } from '../../types'

export const sourcesHandlers = {
  'sources/list': (_input, ctx) => ctx.services.settings.sources.list(),
  'sources/create': (input, ctx) => ctx.services.settings.sources.create(ctx.user, input),
  'sources/update': (input, ctx) => ctx.services.settings.sources.update(ctx.user, input),
  'sources/rotateKey': (input, ctx) => ctx.services.settings.sources.rotateKey(ctx.user, input.id),
} satisfies HandlersOf<typeof sourcesContract>

export const customersHandlers = {
  'customers/list': (_input, ctx) => ctx.services.settings.customers.list(),
  'customers/get': (input, ctx) => ctx.services.settings.customers.get(input.id),
  'customers/create': (input, ctx) => ctx.services.settings.customers.create(ctx.user, input),
  'customers/update': (input, ctx) => ctx.services.settings.customers.update(ctx.user, input),
} satisfies HandlersOf<typeof customersContract>

export const walletsHandlers = {
  'wallets/ledger': (input, ctx) =>
    ctx.services.settings.customers.ledger(input.customerId, input.page, input.pageSize),
  'wallets/deposit': (input, ctx) =>
    ctx.services.settings.customers.deposit(ctx.user, input.customerId, input.amountCents, input.reason || null),
  'wallets/adjust': (input, ctx) =>
    ctx.services.settings.customers.adjust(ctx.user, input.customerId, input.amountCents, input.reason),
} satisfies HandlersOf<typeof walletsContract>

export const bidsHandlers = {
  'bids/list': (input, ctx) => ctx.services.settings.bids.list(input),
  'bids/create': (input, ctx) => ctx.services.settings.bids.create(ctx.user, input),
  'bids/update': (input, ctx) => {
    const { id, ...rest } = input
    return ctx.services.settings.bids.update(ctx.user, id, rest)
  },
  'bids/delete': (input, ctx) => ctx.services.settings.bids.delete(ctx.user, input.id),
} satisfies HandlersOf<typeof bidsContract>
