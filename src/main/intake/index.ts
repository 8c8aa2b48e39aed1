export { createIntakeServer, listenIntake, MAX_BODY_BYTES } from './server'
export { routes } from './routes'
export type { IntakeContext, IntakeReply, IntakeRequest, IntakeRoute } from './types'
