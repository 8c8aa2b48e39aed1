export * from './contract'
export * from './define'
export * from './errors'
export * from './events'
