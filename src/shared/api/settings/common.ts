import { z } from 'zod'

/** Small input pieces shared by the settings areas. */
export const id = z.number().int().positive()
export const cents = z.number().int().min(0, 'Use zero or more')
export const name = z.string().trim().min(1, 'Enter a name').max(120)
export const optionalText = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional()
