import type { categoriesContract } from '../../../../shared/api/settings/categories'
import type { leadTypesContract } from '../../../../shared/api/settings/leadTypes'
import type { HandlersOf } from '../../types'

export const categoriesHandlers = {
  'categories/list': (input, ctx) => ctx.services.settings.categories.list(input.includeArchived),
  'categories/get': (input, ctx) => ctx.services.settings.categories.get(input.id),
  'categories/create': (input, ctx) => ctx.services.settings.categories.create(ctx.user, input),
  'categories/update': (input, ctx) => ctx.services.settings.categories.update(ctx.user, input),
  'categories/saveField': (input, ctx) =>
    ctx.services.settings.categories.saveField(ctx.user, input.categoryId, input.fieldId, input.field),
  'categories/deleteField': (input, ctx) =>
    ctx.services.settings.categories.deleteField(ctx.user, input.categoryId, input.fieldId),
  'categories/reorderFields': (input, ctx) =>
    ctx.services.settings.categories.reorderFields(ctx.user, input.categoryId, input.fieldIds),
  'categories/fieldImpact': (input, ctx) =>
    ctx.services.settings.categories.impact(input.categoryId, input.fieldId, input.field),
} satisfies HandlersOf<typeof categoriesContract>

export const leadTypesHandlers = {
  'leadTypes/list': (input, ctx) => ctx.services.settings.leadTypes.list(input.categoryId),
  'leadTypes/create': (input, ctx) => ctx.services.settings.leadTypes.create(ctx.user, input),
  'leadTypes/update': (input, ctx) => ctx.services.settings.leadTypes.update(ctx.user, input),
  'leadTypes/delete': (input, ctx) => ctx.services.settings.leadTypes.delete(ctx.user, input.id),
  'leadTypes/saveAll': (input, ctx) => ctx.services.settings.leadTypes.saveAll(ctx.user, input.categoryId, input.types),
  'leadTypes/reorder': (input, ctx) => ctx.services.settings.leadTypes.reorder(ctx.user, input.categoryId, input.ids),
  'leadTypes/dryRun': (input, ctx) =>
    ctx.services.settings.leadTypes.dryRun(input.categoryId, input.types, input.limit),
} satisfies HandlersOf<typeof leadTypesContract>
