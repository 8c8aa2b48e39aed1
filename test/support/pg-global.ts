import { dropTestDatabases } from './dialect'

/** Global setup of the `integration-pg` project: no database of an earlier run is left behind. */
export async function setup(): Promise<() => Promise<void>> {
  await dropTestDatabases()
  return async () => {
    await dropTestDatabases()
  }
}
