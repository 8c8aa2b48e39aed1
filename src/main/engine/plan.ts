import type { Stage } from '../../shared/domain/config'
import type { StageKind } from '../../shared/domain/lead'

/** The stages to run: the whole plan, or from the first stage of the given kind onwards. */
export function stagesFrom(stages: readonly Stage[], from: StageKind | null): Stage[] {
  if (from === null) return [...stages]
  const i = stages.findIndex((s) => s.kind === from)
  return i < 0 ? [] : stages.slice(i)
}

export type StageOutcome =
  /** The lead was placed (Assigned, Posted) or handed over (Marketplace); the plan ends. */
  | { placed: true }
  /** This stage could not place the lead; the next one runs. */
  | { placed: false; reason: string }

/**
 * Runs stages in order until one places the lead. Returns the reasons of the stages that did not,
 * so the caller can write Unassigned with all of them. A stage that throws stops the plan: the
 * caller turns that into Distribution Error.
 */
export async function runPlan(
  stages: readonly Stage[],
  run: (stage: Stage, index: number) => Promise<StageOutcome> | StageOutcome,
): Promise<{ placed: boolean; reasons: string[] }> {
  const reasons: string[] = []
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]
    if (stage === undefined) continue
    const outcome = await run(stage, i)
    if (outcome.placed) return { placed: true, reasons }
    reasons.push(outcome.reason)
  }
  return { placed: false, reasons }
}
