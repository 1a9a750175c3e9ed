// The one protocol module shared by the worker and the web client.
export * from './common'
export * from './limits'
export * from './messages'
export * from './http'
export * from './bilingual'
