import type { Migration } from '../migrate'
import { initial } from './001_initial'

/** Static list, so bundling keeps every migration. Append only. */
export const migrations: readonly Migration[] = [initial]
