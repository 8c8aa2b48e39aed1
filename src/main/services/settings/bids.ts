import { notFound, validation } from '../../../shared/api/errors'
import type { BidDef } from '../../../shared/api/settings/bids'
import type { Executor } from '../../db/executor'
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
  private readonly repo = new BidsRepository()

  constructor(private readonly ctx: ConfigContext) {}

  /** Usage is counted over the same periods, in the bid's time zone, as the engine's caps. */
  private periods(): PeriodsOf {
    const now = this.ctx.now()
    return (schedule) => periodStartsCached(now, bidTimeZone(schedule))
  }

  async list(filter: { customerId?: number; leadTypeId?: number }): Promise<BidDef[]> {
    return this.repo.list(this.ctx.db, filter, this.periods())
  }

  async get(id: number): Promise<BidDef> {
    return this.find(this.ctx.db, id)
  }

  private async find(db: Executor, id: number): Promise<BidDef> {
    const bid = (await this.repo.list(db, { id }, this.periods()))[0]
    if (!bid) throw notFound('Bid')
    return bid
  }

  private async check(db: Executor, b: BidWrite): Promise<void> {
    const problems: Record<string, string> = {}
    if (!(await this.ctx.refs.exists(db, 'customers', b.customerId))) problems.customerId = 'No such customer'
    if (!(await this.ctx.refs.exists(db, 'lead_types', b.leadTypeId))) problems.leadTypeId = 'No such lead type'
    if (b.scope.kind !== 'nationwide' && b.scope.values.length === 0)
      problems['scope.values'] = `List at least one ${b.scope.kind}, or choose nationwide`
    if (b.schedule) {
      if (!validTimeZone(b.schedule.timezone)) problems['schedule.timezone'] = 'Unknown time zone'
      if (b.schedule.days.length === 0) problems['schedule.days'] = 'Pick at least one day'
      // An end before the start runs past midnight and equal times mean all day, as the engine reads them.
    }
    if (Object.keys(problems).length) throw validation(problems)
  }

  async create(actor: Actor, input: BidWrite): Promise<BidDef> {
    return this.ctx.write(['bids', 'customers'], async (trx) => {
      await this.check(trx, input)
      const id = await this.repo.insert(trx, input, this.ctx.now())
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
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

  async update(actor: Actor, id: number, input: Omit<BidWrite, 'customerId'>): Promise<BidDef> {
    return this.ctx.write(['bids', 'customers'], async (trx) => {
      const before = await this.find(trx, id)
      const write = { ...input, customerId: before.customerId }
      await this.check(trx, write)
      await this.repo.update(trx, id, write, this.ctx.now())
      const after = await this.find(trx, id)
      const { usage: _u, ...beforeConfig } = before
      await this.ctx.audit(
        trx,
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

  async delete(actor: Actor, id: number): Promise<null> {
    return this.ctx.write(['bids', 'customers'], async (trx) => {
      const { usage: _u, ...before } = await this.find(trx, id)
      await this.repo.delete(trx, id)
      await this.ctx.audit(
        trx,
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
