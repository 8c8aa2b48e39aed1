import type { LeadStatus } from '../../../shared/domain/lead'
import { parseJson } from '../../db/json'
import type { PipelineLead } from '../../db/repositories/distribution/pipeline'
import { joinValues } from '../../engine/validate'
import type { Working } from './stages'

/** What intake answers about a lead. */
export interface Answer {
  id: number
  uuid: string
  status: LeadStatus
  priceCents: number | null
}

/** A stored lead as the pipeline works on it: contact and details as one flat set of values. */
export function workingOf(lead: PipelineLead): Working {
  const details = parseJson<Record<string, unknown>>(lead.details, {})
  return {
    id: lead.id,
    uuid: lead.uuid,
    sourceId: lead.source_id,
    categoryId: lead.category_id,
    leadTypeId: lead.lead_type_id,
    values: joinValues(
      {
        first_name: lead.first_name,
        last_name: lead.last_name,
        email: lead.email,
        phone: lead.phone,
        address: lead.address,
        city: lead.city,
        county: lead.county,
        state: lead.state,
        zip: lead.zip,
      },
      details,
    ),
    client: { ip: lead.client_ip, userAgent: lead.user_agent },
  }
}

/** Sold leads carry their price; the others none. */
export function answerOf(lead: PipelineLead): Answer {
  const sold = lead.status === 'Assigned' || lead.status === 'Posted'
  return { id: lead.id, uuid: lead.uuid, status: lead.status, priceCents: sold ? lead.charged_cents : null }
}
