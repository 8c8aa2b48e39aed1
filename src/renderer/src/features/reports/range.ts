import { useLocalStorage } from '@mantine/hooks'
import type { ReportRange } from '../../../../shared/api/reports'
import type { ReportPreset } from '../../../../shared/domain/reports'

export const PRESET_LABELS: Record<ReportPreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  '7d': '7 days',
  '30d': '30 days',
  month: 'This month',
  custom: 'Custom',
}

/** The chosen period survives a restart, like the leads table's filters. */
export function useReportRange() {
  return useLocalStorage<ReportRange>({
    key: 'leadline.reports-range',
    defaultValue: { preset: 'today' },
    getInitialValueInEffect: false,
  })
}

/** Change against the previous period, as a fraction (null when there was nothing to compare with). */
export function change(current: number, before: number): number | null {
  if (before === 0) return current === 0 ? 0 : null
  return (current - before) / Math.abs(before)
}
