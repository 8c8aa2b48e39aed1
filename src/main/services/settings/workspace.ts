import type { IntakeState, SubscriptionState } from '../../../shared/api/settings/subscription'
import type { IntakeSettings, SignInSettings, Subscription } from '../../../shared/domain/config'
import {
  DEFAULT_INTAKE_LIMITS,
  DEFAULT_SIGN_IN,
  intakeSettingsSchema,
  signInSettingsSchema,
  subscriptionSchema,
} from '../../../shared/domain/config'
import type { Executor } from '../../db/executor'
import { UsageRepository } from '../../db/repositories/config/usage'
import { billingPeriod } from '../../engine/periods'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'
import type { SettingValues } from './ports'

export const DEFAULT_SUBSCRIPTION: Subscription = { threshold: null, periodStartDay: 1 }
/** Loopback by default: the intake API is reachable from other machines only when asked for. */
export const DEFAULT_INTAKE: IntakeSettings = {
  enabled: true,
  port: 5181,
  host: '127.0.0.1',
  limits: DEFAULT_INTAKE_LIMITS,
  trustedProxies: [],
}

/** Workspace-wide settings kept as JSON values: the subscription threshold and the intake server. */
export class WorkspaceSettings {
  /** Set by the host once the intake server listens, so screens show the real address. */
  runningIntakeUrl: string | null = null
  private readonly usage = new UsageRepository()

  constructor(
    private readonly ctx: ConfigContext,
    private readonly settings: SettingValues,
  ) {}

  async subscription(): Promise<SubscriptionState> {
    return this.subscriptionIn(this.ctx.db)
  }

  private async subscriptionIn(db: Executor): Promise<SubscriptionState> {
    const parsed = subscriptionSchema.safeParse(
      await this.settings.get<unknown>(db, 'subscription', DEFAULT_SUBSCRIPTION),
    )
    const sub = parsed.success ? parsed.data : DEFAULT_SUBSCRIPTION
    const period = billingPeriod(this.ctx.now(), sub.periodStartDay)
    const used = await this.usage.processedSince(db, period.start)
    return { ...sub, period, used, withheld: await this.usage.withheld(db) }
  }

  async updateSubscription(actor: Actor, next: Subscription): Promise<SubscriptionState> {
    return this.ctx.write(['subscription'], async (trx) => {
      const { threshold, periodStartDay } = await this.subscriptionIn(trx)
      await this.settings.set(trx, 'subscription', next)
      await this.ctx.audit(
        trx,
        actor,
        'subscription.update',
        { type: 'workspace', id: null },
        `Set the threshold to ${next.threshold ?? 'unlimited'} leads per period starting on day ${next.periodStartDay}`,
        { threshold, periodStartDay },
        next,
      )
      return this.subscriptionIn(trx)
    })
  }

  async intakeSettings(): Promise<IntakeSettings> {
    return this.intakeSettingsIn(this.ctx.db)
  }

  private async intakeSettingsIn(db: Executor): Promise<IntakeSettings> {
    const parsed = intakeSettingsSchema.safeParse(await this.settings.get<unknown>(db, 'intake', DEFAULT_INTAKE))
    return parsed.success ? parsed.data : DEFAULT_INTAKE
  }

  async intake(): Promise<IntakeState> {
    return this.intakeState(await this.intakeSettings())
  }

  private intakeState(settings: IntakeSettings): IntakeState {
    // Bound to every interface, the server is still reached locally through loopback.
    const host = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host
    return {
      ...settings,
      url: this.runningIntakeUrl ?? `http://${host}:${settings.port}`,
      running: this.runningIntakeUrl !== null,
    }
  }

  async updateIntake(actor: Actor, next: IntakeSettings): Promise<IntakeState> {
    return this.ctx.write(['intake'], async (trx) => {
      const before = await this.intakeSettingsIn(trx)
      await this.settings.set(trx, 'intake', next)
      await this.ctx.audit(
        trx,
        actor,
        'intake.update',
        { type: 'workspace', id: null },
        `Intake server ${next.enabled ? `on ${next.host}:${next.port}` : 'disabled'}`,
        before,
        next,
      )
      return this.intakeState(await this.intakeSettingsIn(trx))
    })
  }

  /** Sign-in throttling and session idle time; the auth service reads them (and drops its copy on change). */
  async updateSignIn(actor: Actor, next: SignInSettings): Promise<SignInSettings> {
    return this.ctx.write(['signIn'], async (trx) => {
      const parsed = signInSettingsSchema.safeParse(await this.settings.get<unknown>(trx, 'signIn', DEFAULT_SIGN_IN))
      const before = parsed.success ? parsed.data : DEFAULT_SIGN_IN
      await this.settings.set(trx, 'signIn', next)
      await this.ctx.audit(
        trx,
        actor,
        'signIn.update',
        { type: 'workspace', id: null },
        `Sessions end after ${next.sessionIdleMinutes} min idle; sign-in locks for ${next.lockMinutes} min after ${next.lockAfterFailures} failures`,
        before,
        next,
      )
      return next
    })
  }
}
