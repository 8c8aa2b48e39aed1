import { notFound, validation } from '../../../shared/api/errors'
import type { BidDef } from '../../../shared/api/settings/bids'
import { BidsRepository, type BidWrite, type PeriodsOf } from '../../db/repositories/config/bids'
import { bidTimeZone, periodStartsCached } from '../../engine/periods'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export class BidsSettings {
  private readonly repo: BidsRepository

  constructor(private readonly ctx: ConfigContext) {
    this.repo = new BidsRepository(ctx.deps.store)
  }

  /** Usage is counted over the same periods, in the bid's time zone, as the engine's caps. */
  private periods(): PeriodsOf {
    const now = this.ctx.now()
    return (schedule) => periodStartsCached(now, bidTimeZone(schedule))
  }

  list(filter: { customerId?: number; leadTypeId?: number }): BidDef[] {
    return this.repo.list(filter, this.periods())
  }

  get(id: number): BidDef {
    const bid = this.repo.list({ id }, this.periods())[0]
    if (!bid) throw notFound('Bid')
    return bid
  }

  private check(b: BidWrite): void {
    const problems: Record<string, string> = {}
    if (!this.ctx.refs.exists('customers', b.customerId)) problems.customerId = 'No such customer'
    if (!this.ctx.refs.exists('lead_types', b.leadTypeId)) problems.leadTypeId = 'No such lead type'
    if (b.scope.kind !== 'nationwide' && b.scope.values.length === 0)
      problems['scope.values'] = `List at least one ${b.scope.kind}, or choose nationwide`
    if (b.schedule) {
      if (!validTimeZone(b.schedule.timezone)) problems['schedule.timezone'] = 'Unknown time zone'
      if (b.schedule.days.length === 0) problems['schedule.days'] = 'Pick at least one day'
      // An end before the start runs past midnight and equal times mean all day, as the engine reads them.
    }
    if (Object.keys(problems).length) throw validation(problems)
  }

  create(actor: Actor, input: BidWrite): BidDef {
    return this.ctx.write(['bids', 'customers'], () => {
      this.check(input)
      const id = this.repo.insert(input, this.ctx.now())
      const after = this.get(id)
      this.ctx.audit(
        actor,
        'bid.create',
        { type: 'bid', id },
        `Created a bid of ${after.customerName} on ${after.leadTypeName}`,
        undefined,
        input,
      )
      return after
    })
  }

  update(actor: Actor, id: number, input: Omit<BidWrite, 'customerId'>): BidDef {
    return this.ctx.write(['bids', 'customers'], () => {
      const before = this.get(id)
      const write = { ...input, customerId: before.customerId }
      this.check(write)
      this.repo.update(id, write, this.ctx.now())
      const after = this.get(id)
      const { usage: _u, ...beforeConfig } = before
      this.ctx.audit(
        actor,
        'bid.update',
        { type: 'bid', id },
        `Changed the bid of ${after.customerName} on ${after.leadTypeName}`,
        beforeConfig,
        write,
      )
      return after
    })
  }

  delete(actor: Actor, id: number): null {
    return this.ctx.write(['bids', 'customers'], () => {
      const { usage: _u, ...before } = this.get(id)
      this.repo.delete(id)
      this.ctx.audit(
        actor,
        'bid.delete',
        { type: 'bid', id },
        `Deleted the bid of ${before.customerName} on ${before.leadTypeName}`,
        before,
        undefined,
      )
      return null
    })
  }
}
