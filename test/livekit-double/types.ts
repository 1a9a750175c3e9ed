// Shapes shared by the LiveKit API double (Node) and the tests that read it (inside workerd).

/** The RoomService methods the double speaks, by their Twirp names. */
export const DOUBLE_METHODS = [
  'CreateRoom',
  'DeleteRoom',
  'ListRooms',
  'ListParticipants',
  'GetParticipant',
  'RemoveParticipant',
  'MutePublishedTrack',
  'UpdateParticipant',
] as const
export type DoubleMethod = (typeof DOUBLE_METHODS)[number]

/** One Twirp call as the double saw it: the JSON body as sent, and the bearer token's verified claims. */
export type DoubleCall = {
  seq: number
  method: string
  /** The room the call is about (CreateRoom's `name`, everyone else's `room`), if any. */
  room: string | null
  body: Record<string, unknown>
  /** The verified JWT payload, or null when the token was missing or did not verify. */
  claims: { iss?: string; exp?: number; nbf?: number; video?: Record<string, unknown> } | null
  /** HTTP status the double answered with; 0 while the answer is still being delayed. */
  status: number
  /** The Twirp error code when it answered with an error. */
  error?: string
  receivedAt: number
  respondedAt?: number
}

export type DoubleMode = { mode: 'ok' | 'down' | 'slow'; slowMs?: number; room?: string }

export type DoubleTrack = {
  sid: string
  source: 'CAMERA' | 'MICROPHONE' | 'SCREEN_SHARE'
  muted?: boolean
}

export type DoubleSeed = { room: string; identity: string; name?: string; tracks: DoubleTrack[] }

export type DoubleRoom = {
  sid: string
  name: string
  emptyTimeout: number
  departureTimeout: number
  maxParticipants: number
  creationTime: number
}

export type DoubleParticipant = {
  sid: string
  identity: string
  name: string
  tracks: DoubleTrack[]
  /** The last permission set with UpdateParticipant, as sent (protobuf JSON). */
  permission?: Record<string, unknown>
  metadata?: string
}

export type DoubleState = {
  rooms: DoubleRoom[]
  participants: Record<string, DoubleParticipant[]>
}
