import type { IntakeState, SubscriptionState } from '../../../shared/api/settings/subscription'
import type { IntakeSettings, SignInSettings, Subscription } from '../../../shared/domain/config'
import {
  DEFAULT_INTAKE_LIMITS,
  DEFAULT_SIGN_IN,
  intakeSettingsSchema,
  signInSettingsSchema,
  subscriptionSchema,
} from '../../../shared/domain/config'
import { StoreSettingsRepository } from '../../db/repositories/settings'
import { UsageRepository } from '../../db/repositories/config/usage'
import { billingPeriod } from '../../engine/periods'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'

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
  private readonly settings: StoreSettingsRepository
  private readonly usage: UsageRepository

  constructor(private readonly ctx: ConfigContext) {
    this.settings = new StoreSettingsRepository(ctx.deps.store)
    this.usage = new UsageRepository(ctx.deps.store)
  }

  subscription(): SubscriptionState {
    const parsed = subscriptionSchema.safeParse(this.settings.get<unknown>('subscription', DEFAULT_SUBSCRIPTION))
    const sub = parsed.success ? parsed.data : DEFAULT_SUBSCRIPTION
    const period = billingPeriod(this.ctx.now(), sub.periodStartDay)
    return { ...sub, period, used: this.usage.processedSince(period.start), withheld: this.usage.withheld() }
  }

  updateSubscription(actor: Actor, next: Subscription): SubscriptionState {
    return this.ctx.write(['subscription'], () => {
      const { threshold, periodStartDay } = this.subscription()
      this.settings.set('subscription', next)
      this.ctx.audit(
        actor,
        'subscription.update',
        { type: 'workspace', id: null },
        `Set the threshold to ${next.threshold ?? 'unlimited'} leads per period starting on day ${next.periodStartDay}`,
        { threshold, periodStartDay },
        next,
      )
      return this.subscription()
    })
  }

  intakeSettings(): IntakeSettings {
    const parsed = intakeSettingsSchema.safeParse(this.settings.get<unknown>('intake', DEFAULT_INTAKE))
    return parsed.success ? parsed.data : DEFAULT_INTAKE
  }

  intake(): IntakeState {
    const settings = this.intakeSettings()
    // Bound to every interface, the server is still reached locally through loopback.
    const host = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host
    return {
      ...settings,
      url: this.runningIntakeUrl ?? `http://${host}:${settings.port}`,
      running: this.runningIntakeUrl !== null,
    }
  }

  updateIntake(actor: Actor, next: IntakeSettings): IntakeState {
    return this.ctx.write(['intake'], () => {
      const before = this.intakeSettings()
      this.settings.set('intake', next)
      this.ctx.audit(
        actor,
        'intake.update',
        { type: 'workspace', id: null },
        `Intake server ${next.enabled ? `on ${next.host}:${next.port}` : 'disabled'}`,
        before,
        next,
      )
      return this.intake()
    })
  }

  /** Sign-in throttling and session idle time; the auth service reads them (and drops its copy on change). */
  updateSignIn(actor: Actor, next: SignInSettings): SignInSettings {
    return this.ctx.write(['signIn'], () => {
      const parsed = signInSettingsSchema.safeParse(this.settings.get<unknown>('signIn', DEFAULT_SIGN_IN))
      const before = parsed.success ? parsed.data : DEFAULT_SIGN_IN
      this.settings.set('signIn', next)
      this.ctx.audit(
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
