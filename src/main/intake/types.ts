import type { IncomingHttpHeaders } from 'node:http'
import type { PingpostRepository } from '../db/repositories/pingpost'
import type { Services } from '../host/services'
import type { IntakeClient } from './client'
import type { IntakeSourcesRepository, IntakeSource } from './sources'

/** What the intake server needs from the engine (the `services.distribution` methods it calls). */
export interface IntakeDistribution {
  ingest(req: {
    sourceId: number | null
    categoryId?: number | null
    categorySlug?: string
    fields: Record<string, unknown>
    idempotencyKey?: string | null
    pingRecordId?: number | null
    preferredBid?: { bidId: number; priceCents: number } | null
    client?: IntakeClient | null
  }): Promise<{ id: number; uuid: string; status: string; priceCents: number | null; replayed: boolean }>
  quote(req: {
    sourceId: number
    categoryId?: number | null
    categorySlug?: string
    fields: Record<string, unknown>
  }): Promise<{
    leadTypeId: number | null
    bid: { bidId: number; customerId: number; priceCents: number } | null
    trace: string[]
  }>
}

/** The app's services, with the engine seen only through the two calls intake makes. */
export type IntakeServices = Omit<Services, 'distribution'> & { distribution: IntakeDistribution }

/** A request that passed the common checks: known active source, a body within the limits. */
export interface IntakeRequest {
  source: IntakeSource
  /** The lead as a JSON object (a form arrives nested the same way), the source's aliases applied. */
  body: Record<string, unknown>
  headers: IncomingHttpHeaders
  client?: IntakeClient
}

export interface IntakeReply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export interface IntakeContext {
  services: IntakeServices
  sources: IntakeSourcesRepository
  pingpost: PingpostRepository
}

/**
 * One `POST /api/v1/...` endpoint. The server authenticates the source, limits and parses the
 * body before `handle` runs, so a route only deals with a well-formed object.
 */
export interface IntakeRoute {
  path: string
  handle(req: IntakeRequest, ctx: IntakeContext): IntakeReply | Promise<IntakeReply>
}
