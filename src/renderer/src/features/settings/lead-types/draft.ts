import type { DraftLeadType, LeadTypeDef } from '../../../../../shared/api/settings/leadTypes'
import { cleanGroup } from '../shared/ConditionBuilder'

/** A lead type as edited on screen; `id` is absent until it is saved. */
export interface DraftType extends DraftLeadType {
  key: string
}

let counter = 0
export const newKey = (): string => `new-${++counter}`

export function fromServer(types: LeadTypeDef[]): DraftType[] {
  return types.map((t) => ({
    key: String(t.id),
    id: t.id,
    name: t.name,
    conditions: t.conditions,
    isFallback: t.isFallback,
    planId: t.planId,
    active: t.active,
  }))
}

/** Priority order as the engine reads it: ranked types first, the fallback last. */
export function ordered(drafts: DraftType[]): DraftType[] {
  return [...drafts.filter((d) => !d.isFallback), ...drafts.filter((d) => d.isFallback)]
}

export function toInput(d: DraftType) {
  return {
    ...(d.id !== undefined && { id: d.id }),
    name: d.name,
    conditions: d.isFallback ? null : cleanGroup(d.conditions),
    isFallback: d.isFallback,
    planId: d.planId,
    active: d.active,
  }
}

export function changed(d: DraftType, server: LeadTypeDef | undefined): boolean {
  if (!server) return true
  const a = toInput(d)
  return (
    a.name !== server.name ||
    a.isFallback !== server.isFallback ||
    a.planId !== server.planId ||
    a.active !== server.active ||
    JSON.stringify(a.conditions) !== JSON.stringify(server.conditions)
  )
}
