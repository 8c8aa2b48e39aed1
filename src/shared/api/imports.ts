import { z } from 'zod'
import { method } from './define'
import type { FileDelivery } from './exports'
import type { LeadField } from './leads'

const id = z.number().int().positive()
const uploadId = z.string().uuid()
const jobId = z.string().min(8).max(64)

/** Field key → index of the CSV column it reads from (null = not imported). */
export const columnMappingSchema = z.record(z.string().min(1).max(100), z.number().int().min(0).max(10_000).nullable())
export type ColumnMappingInput = z.infer<typeof columnMappingSchema>

/**
 * Field key → a fixed value every row takes instead of a column (e.g. `state = TX`); it is
 * validated like a cell and can satisfy a required field.
 */
export const fixedValuesSchema = z.record(z.string().min(1).max(100), z.string().trim().min(1).max(10_000))
export type FixedValuesInput = z.infer<typeof fixedValuesSchema>

/** Duplicates found by the category's rule: left out (default), or imported with status Duplicate. */
export const DUPLICATE_CHOICES = ['skip', 'import'] as const
export type DuplicateChoice = (typeof DUPLICATE_CHOICES)[number]

/** A category field as the import mapping shows it (its validation is applied in the main process). */
export type ImportField = Omit<LeadField, 'validation'>

export interface ImportOptions {
  customers: { id: number; name: string; balanceCents: number }[]
  categories: { id: number; name: string; fields: ImportField[] }[]
}

export interface ImportIssue {
  /** Spreadsheet row: the header is row 1. */
  row: number
  /** The field's label, or "Row" for a row the CSV reader could not read safely. */
  field: string
  reason: string
}

/** A valid row that the category's duplicate rule matches, with what it matches. */
export interface ImportDuplicate {
  row: number
  /** The field's label and the (normalised) value that matched. */
  field: string
  value: string
  of: { kind: 'lead'; id: number; uuid: string } | { kind: 'row'; row: number }
}

/** An earlier import of a file with the same content. */
export interface EarlierImport {
  batchId: number
  fileName: string
  imported: number
  createdAt: number
}

export interface ImportPreview {
  fileName: string
  encoding: string
  delimiter: string
  headers: string[]
  fields: ImportField[]
  /** What auto-matching chose; `mapping` is what the preview used. */
  autoMapping: ColumnMappingInput
  mapping: ColumnMappingInput
  /** The first rows as they will be stored (normalised), or their problems. */
  rows: { row: number; values: Record<string, string | number | boolean | null>; issues: ImportIssue[] }[]
  warnings: string[]
  /** Set when this file's content was imported before: the operator must confirm to import it again. */
  earlier: EarlierImport | null
}

export interface ImportValidation {
  total: number
  valid: number
  invalid: number
  /** The first problems found (every failing field of a row is listed). */
  issues: ImportIssue[]
  /** True when there are more problems than `issues` lists; the rejected-rows file has them all. */
  truncated: boolean
  warnings: string[]
  /** Valid rows the duplicate rule matches (counted in `valid`), and the first of them listed. */
  duplicates: { count: number; listed: ImportDuplicate[]; keys: string[]; days: number }
  earlier: EarlierImport | null
}

export interface ImportResult {
  batchId: number | null
  /** Leads stored, those with status Duplicate included. */
  imported: number
  rejected: number
  /** Duplicates skipped, or stored with status Duplicate (per the choice). */
  duplicates: number
  cancelled: boolean
  closesAt: number | null
}

const mappingInput = {
  uploadId,
  categoryId: id,
  mapping: columnMappingSchema,
  fixed: fixedValuesSchema.default({}),
}

export const importsContract = {
  'imports/options': method<ImportOptions>()({ input: z.object({}).default({}), access: 'leads.import' }),
  'imports/upload': method<{ uploadId: string; bytes: number; done: boolean }>()({
    input: z.object({
      uploadId: uploadId.optional(),
      fileName: z.string().trim().min(1).max(255),
      /** Base64 of the next bytes of the file, at most 8 MB of them per call. */
      chunk: z.string().max(11_200_000),
      done: z.boolean().default(false),
    }),
    access: 'leads.import',
  }),
  'imports/preview': method<ImportPreview>()({
    input: z.object({
      uploadId,
      categoryId: id,
      mapping: columnMappingSchema.optional(),
      fixed: fixedValuesSchema.default({}),
    }),
    access: 'leads.import',
  }),
  'imports/validate': method<ImportValidation>()({
    input: z.object({ ...mappingInput, jobId: jobId.optional() }),
    access: 'leads.import',
  }),
  'imports/saveRejected': method<FileDelivery>()({ input: z.object({ uploadId }), access: 'leads.import' }),
  'imports/start': method<ImportResult>()({
    input: z.object({
      ...mappingInput,
      customerId: id,
      /** How long sources may offer prices before the reverse auctions close. */
      auctionHours: z
        .number()
        .int('Whole hours')
        .min(1, 'At least 1 hour')
        .max(24 * 30, 'At most 720 hours (30 days)')
        .default(24),
      duplicates: z.enum(DUPLICATE_CHOICES).default('skip'),
      /** Needed when the same file was imported before. */
      confirmReimport: z.boolean().default(false),
      jobId,
    }),
    access: 'leads.import',
  }),
  'imports/cancel': method<{ cancelled: boolean }>()({ input: z.object({ jobId }), access: 'leads.import' }),
  'imports/discard': method<{ discarded: boolean }>()({ input: z.object({ uploadId }), access: 'leads.import' }),
}
