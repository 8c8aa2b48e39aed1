import { notFound, validation } from '../../../shared/api/errors'
import type { SourceDef } from '../../../shared/api/settings/sources'
import type { Executor } from '../../db/executor'
import { SourcesRepository } from '../../db/repositories/config/sources'
import { apiKeyHint, hashApiKey, newApiKey } from '../api-keys'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'

export class SourcesSettings {
  private readonly repo = new SourcesRepository()

  constructor(private readonly ctx: ConfigContext) {}

  async list(): Promise<SourceDef[]> {
    return this.repo.list(this.ctx.db)
  }

  async get(id: number): Promise<SourceDef> {
    return this.find(this.ctx.db, id)
  }

  private async find(db: Executor, id: number): Promise<SourceDef> {
    const s = await this.repo.byId(db, id)
    if (!s) throw notFound('Source')
    return s
  }

  private async checkCategory(db: Executor, categoryId: number | null | undefined): Promise<void> {
    if (categoryId != null && !(await this.ctx.refs.exists(db, 'categories', categoryId)))
      throw validation({ defaultCategoryId: 'No such category' })
  }

  /** The plain key leaves the main process only in this answer; the workspace keeps its hash. */
  async create(
    actor: Actor,
    input: {
      name: string
      defaultCategoryId: number | null
      costPerLeadCents: number
      active: boolean
      fieldAliases?: Record<string, string>
    },
  ): Promise<{ source: SourceDef; apiKey: string }> {
    return this.ctx.write(['sources'], async (trx) => {
      await this.checkCategory(trx, input.defaultCategoryId)
      const apiKey = newApiKey()
      const id = await this.repo.insert(trx, {
        ...input,
        fieldAliases: input.fieldAliases ?? {},
        keyHash: hashApiKey(apiKey),
        keyHint: apiKeyHint(apiKey),
        now: this.ctx.now(),
      })
      const source = await this.find(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'source.create',
        { type: 'source', id },
        `Created source ${source.name}`,
        undefined,
        source,
      )
      return { source, apiKey }
    })
  }

  async update(
    actor: Actor,
    input: {
      id: number
      name?: string
      defaultCategoryId?: number | null
      costPerLeadCents?: number
      active?: boolean
      fieldAliases?: Record<string, string>
    },
  ): Promise<SourceDef> {
    return this.ctx.write(['sources'], async (trx) => {
      const before = await this.find(trx, input.id)
      await this.checkCategory(trx, input.defaultCategoryId)
      const { id, ...patch } = input
      await this.repo.update(trx, id, patch)
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'source.update',
        { type: 'source', id },
        `Changed source ${after.name}`,
        before,
        after,
      )
      return after
    })
  }

  async rotateKey(actor: Actor, id: number): Promise<{ source: SourceDef; apiKey: string }> {
    return this.ctx.write(['sources'], async (trx) => {
      const before = await this.find(trx, id)
      const apiKey = newApiKey()
      await this.repo.update(trx, id, { keyHash: hashApiKey(apiKey), keyHint: apiKeyHint(apiKey) })
      const source = await this.find(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'source.rotateKey',
        { type: 'source', id },
        `Rotated the API key of ${source.name}; the old key no longer works`,
        { apiKeyHint: before.apiKeyHint },
        { apiKeyHint: source.apiKeyHint },
      )
      return { source, apiKey }
    })
  }
}
