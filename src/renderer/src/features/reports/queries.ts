import { keepPreviousData } from '@tanstack/react-query'
import type { ReportRange } from '../../../../shared/api/reports'
import type { ReportDimension } from '../../../../shared/domain/reports'
import { useApiQuery } from '../../api/hooks'

/** The dashboard refreshes itself while it is open; every panel is its own call. */
const live = { placeholderData: keepPreviousData, refetchInterval: 60_000 } as const

export const useReportSummary = (range: ReportRange) => useApiQuery('reports/summary', range, live)
export const useReportSeries = (range: ReportRange) => useApiQuery('reports/series', range, live)
export const useReportReasons = (range: ReportRange) => useApiQuery('reports/reasons', range, live)
export const useReportBreakdown = (range: ReportRange, by: ReportDimension) =>
  useApiQuery('reports/breakdown', { ...range, by }, live)
export const useReportForecast = (walletLeads: number) => useApiQuery('reports/forecast', { walletLeads }, live)
