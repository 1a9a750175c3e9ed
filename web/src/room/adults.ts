// Who counts toward a youth session's supervision: facilitators, co-facilitators and observers
// (interpreters do not). Shared by the youth screens and the facilitator's lobby.
import type { Member } from '../../../worker/protocol/messages'

export const isAdult = (m: Member) =>
  m.role === 'facilitator' || m.role === 'cofacilitator' || m.role === 'observer'
