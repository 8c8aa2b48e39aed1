import type { LeadValue, RequestTemplate } from '../../../shared/domain/template'
import { applyTransform } from './transforms'

/** What a template reads: the lead's fields by key and what Leadline knows about the lead. */
export interface TemplateInput {
  fields: Record<string, unknown>
  lead: Partial<Record<LeadValue, unknown>>
}

export interface RenderOptions {
  /** Dotted keys become nested objects (JSON and XML); flat formats keep the dots in the name. */
  nest: boolean
  /** Lead fields this request never carries (contact data in a ping, undeliverable fields in a webhook). */
  excluded?: (fieldKey: string) => boolean
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ''
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    const next = node[part]
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {}
    node = node[part] as Record<string, unknown>
  }
  node[parts[parts.length - 1] ?? key] = value
}

/**
 * The values of one request, keyed the partner's way. An empty value takes the entry's fallback,
 * or is left out; a value without a transform keeps its type (a number stays a number in JSON).
 */
export function renderTemplate(
  template: RequestTemplate,
  input: TemplateInput,
  options: RenderOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const excluded = options.excluded ?? (() => false)
  if (template.allFields) {
    const used = new Set(template.entries.filter((e) => e.source === 'field').map((e) => e.value))
    for (const [key, value] of Object.entries(input.fields)) {
      if (!used.has(key) && !excluded(key) && present(value)) out[key] = value
    }
  }
  for (const entry of template.entries) {
    let value: unknown
    if (entry.source === 'fixed') value = entry.value
    else if (entry.source === 'lead') value = input.lead[entry.value as LeadValue]
    else value = excluded(entry.value) ? undefined : input.fields[entry.value]
    if (present(value) && entry.transform) value = applyTransform(value, entry.transform)
    if (!present(value)) {
      if (entry.fallback === null) continue
      value = entry.fallback
    }
    if (options.nest && entry.key.includes('.')) setPath(out, entry.key, value)
    else out[entry.key] = value
  }
  return out
}
