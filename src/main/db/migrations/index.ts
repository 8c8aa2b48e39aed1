import type { Migration } from '../migrate'
import { initial } from './001_initial'
import { distributionProgress } from './010_distribution_progress'

/** Static list, so bundling keeps every migration. Append only. */
export const migrations: readonly Migration[] = [initial, distributionProgress]
