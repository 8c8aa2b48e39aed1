import { notFound, validation } from '../../../shared/api/errors'
import type { SourceDef } from '../../../shared/api/settings/sources'
import { SourcesRepository } from '../../db/repositories/config/sources'
import { apiKeyHint, hashApiKey, newApiKey } from '../api-keys'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'

export class SourcesSettings {
  private readonly repo: SourcesRepository

  constructor(private readonly ctx: ConfigContext) {
    this.repo = new SourcesRepository(ctx.deps.store)
  }

  list(): SourceDef[] {
    return this.repo.list()
  }

  get(id: number): SourceDef {
    const s = this.repo.byId(id)
    if (!s) throw notFound('Source')
    return s
  }

  private checkCategory(categoryId: number | null | undefined): void {
    if (categoryId != null && !this.ctx.refs.exists('categories', categoryId))
      throw validation({ defaultCategoryId: 'No such category' })
  }

  /** The plain key leaves the main process only in this answer; the workspace keeps its hash. */
  create(
    actor: Actor,
    input: {
      name: string
      defaultCategoryId: number | null
      costPerLeadCents: number
      active: boolean
      fieldAliases?: Record<string, string>
    },
  ): { source: SourceDef; apiKey: string } {
    return this.ctx.write(['sources'], () => {
      this.checkCategory(input.defaultCategoryId)
      const apiKey = newApiKey()
      const id = this.repo.insert({
        ...input,
        fieldAliases: input.fieldAliases ?? {},
        keyHash: hashApiKey(apiKey),
        keyHint: apiKeyHint(apiKey),
        now: this.ctx.now(),
      })
      const source = this.get(id)
      this.ctx.audit(actor, 'source.create', { type: 'source', id }, `Created source ${source.name}`, undefined, source)
      return { source, apiKey }
    })
  }

  update(
    actor: Actor,
    input: {
      id: number
      name?: string
      defaultCategoryId?: number | null
      costPerLeadCents?: number
      active?: boolean
      fieldAliases?: Record<string, string>
    },
  ): SourceDef {
    return this.ctx.write(['sources'], () => {
      const before = this.get(input.id)
      this.checkCategory(input.defaultCategoryId)
      const { id, ...patch } = input
      this.repo.update(id, patch)
      const after = this.get(id)
      this.ctx.audit(actor, 'source.update', { type: 'source', id }, `Changed source ${after.name}`, before, after)
      return after
    })
  }

  rotateKey(actor: Actor, id: number): { source: SourceDef; apiKey: string } {
    return this.ctx.write(['sources'], () => {
      const before = this.get(id)
      const apiKey = newApiKey()
      this.repo.update(id, { keyHash: hashApiKey(apiKey), keyHint: apiKeyHint(apiKey) })
      const source = this.get(id)
      this.ctx.audit(
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
