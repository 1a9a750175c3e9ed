// The room's WebSocket: welcome/join, roster, encrypted chat, moderation, reconnects and pings.
import { onCleanup } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import { CLOSE_CODES, SEAT_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../../worker/protocol/socket'
import type {
  ClientMessage,
  EndReason,
  Member,
  ServerMessage,
} from '../../../worker/protocol/messages'
import { isModerator, type Role, type SessionKind } from '../../../worker/protocol/common'
import { importChatKey, seal, unseal } from '../lib/chat-crypto'
import { onQuickExit } from '../lib/quick-exit'

export type ChatItem = {
  id: string
  name: string
  /** undefined while decrypting, null when it could not be decrypted. */
  text: string | null | undefined
  at: number
  mine: boolean
}

export type Status =
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'ended'
  | 'removed'
  | 'turned_away'
  | 'failed'

type LobbyEntry = Extract<ServerMessage, { type: 'lobby' }>['waiting'][number]
/** Someone waiting in the lobby, as facilitators see them (with the code word they typed, opened here). */
export type Waiting = Omit<LobbyEntry, 'codeWord'> & { codeWord: string | null }
/** A private alert, seen by facilitators only. */
export type AlertItem = Omit<Extract<ServerMessage, { type: 'alert' }>, 'type'>

export type RoomState = {
  status: Status
  selfId: string
  members: Member[]
  facilitatorPresent: boolean
  awayUntil: number | null
  messages: ChatItem[]
  /** Error code and server sentence of the last error frame, or of a failed connection. */
  error: { code: string; message: string } | null
  /** Joined/left events, for the polite announcer. */
  event: { kind: 'joined' | 'left' | 'away'; name: string } | null
  /** Whether the server has LiveKit configured (from the welcome). */
  media: boolean
  /** The seat shown large for everyone; null means the interpreter (the default pin). */
  spotlight: string | null
  /** False while this person waits in the lobby; null until the welcome says. */
  admitted: boolean | null
  /** Waiting again after being away too long (a closed tab reopened, a phone asleep). */
  back: boolean
  chatEnabled: boolean
  /** Facilitators: who waits in the lobby. */
  lobby: Waiting[]
  /** Facilitators: private alerts, oldest first. */
  alerts: AlertItem[]
  /** To the author of a deleted message: the rule it broke (null when none was named). */
  removedMessage: { rule: number | null } | null
  /** After a private alert: a facilitator has it, or will the moment one arrives. */
  alertDelivery: 'delivered' | 'pending' | null
  /** The session's kind (from the welcome). */
  kind: SessionKind | null
  /** Youth sessions: while fewer than two adults are present, when the session closes. */
  unsupervisedUntil: number | null
  /** Why the session ended, when the server said. */
  endReason: EndReason | null
  /** This page came back to a seat that had already joined (a reload): earlier chat is gone. */
  resumed: boolean
  /** A facilitator's private answer to this person's alert (decrypted here; never stored). */
  privateReply: { from: string; text: string | null; at: number } | null
}

/** Frames for the media side of the room: tokens, moderation notices and media errors. */
export type MediaFrame =
  | Extract<ServerMessage, { type: 'media' | 'moderated' }>
  | { type: 'error'; code: 'media_unavailable' | 'media_failed'; message: string }

export type RoomOptions = {
  sessionId: string
  seat: string
  key: string
  pseudonym: string
  role: Role
  /** The code word agreed with her advocate, when the link asks for one. */
  codeWord?: string
  /** Called once when the room is over for this person (ended, removed or turned away). */
  onOver?: () => void
  /** After each welcome (and the join it may need): the room takes other frames from now on. */
  onWelcome?: (members: Member[]) => void
  onMedia?: (frame: MediaFrame) => void
  /** Youth sessions: this seat's camera permission changed, or supervision did. */
  onYouth?: (frame: Extract<ServerMessage, { type: 'camera_permission' | 'supervision' }>) => void
}

const PING_MS = 20_000
const TERMINAL: Status[] = ['ended', 'removed', 'turned_away', 'failed']

export function connectRoom(opts: RoomOptions) {
  const [state, setState] = createStore<RoomState>({
    status: 'connecting',
    selfId: '',
    members: [],
    facilitatorPresent: true,
    awayUntil: null,
    messages: [],
    error: null,
    event: null,
    media: false,
    spotlight: null,
    admitted: null,
    back: false,
    chatEnabled: true,
    lobby: [],
    alerts: [],
    removedMessage: null,
    alertDelivery: null,
    kind: null,
    unsupervisedUntil: null,
    endReason: null,
    resumed: false,
    privateReply: null,
  })
  const keyPromise = importChatKey(opts.key)
  keyPromise.catch(() => undefined)
  let ws: WebSocket | undefined
  let attempt = 0
  let retry: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const ping = setInterval(() => {
    if (ws?.readyState === WebSocket.OPEN) ws.send('ping')
  }, PING_MS)

  const send = (msg: ClientMessage) => {
    if (ws?.readyState !== WebSocket.OPEN) return false
    ws.send(JSON.stringify(msg))
    return true
  }

  const stop = () => {
    stopped = true
    clearInterval(ping)
    clearTimeout(retry)
    if (ws && ws.readyState < WebSocket.CLOSING) ws.close(1000)
  }

  const finish = (status: Status, error?: RoomState['error']) => {
    if (TERMINAL.includes(state.status)) return
    setState({ status, error: error ?? state.error, awayUntil: null })
    stop()
    opts.onOver?.()
  }

  const nameOf = (seatId: string) => state.members.find((m) => m.seatId === seatId)?.pseudonym

  const setRoster = (members: Member[], facilitatorPresent: boolean) => {
    const before = new Map(state.members.map((m) => [m.seatId, m.pseudonym]))
    // Someone was let in: a refusal for want of two adults is no longer true.
    if (state.error?.code === 'unsupervised' && members.some((m) => !before.has(m.seatId))) {
      setState('error', null)
    }
    const now = new Set(members.map((m) => m.seatId))
    let event: RoomState['event'] = null
    if (state.selfId) {
      const added = members.find((m) => !before.has(m.seatId) && m.seatId !== state.selfId)
      const gone = [...before].find(([id]) => !now.has(id))
      if (added) event = { kind: 'joined', name: added.pseudonym }
      else if (gone) event = { kind: 'left', name: gone[1] }
    }
    // Reconciled by seat: a row on screen (a Remove being confirmed, a focused button) stays the
    // same row when someone else's hand, mode or connection changes.
    setState('members', reconcile(members, { key: 'seatId' }))
    setState({
      facilitatorPresent,
      // Back in time: the countdown, and its announcement, are no longer true.
      ...(facilitatorPresent
        ? { awayUntil: null, ...(state.event?.kind === 'away' ? { event: null } : {}) }
        : {}),
      ...(event ? { event } : {}),
    })
  }

  const onChat = async (msg: Extract<ServerMessage, { type: 'chat' }>) => {
    setState('messages', state.messages.length, {
      id: msg.id,
      name: nameOf(msg.from) ?? '',
      text: undefined,
      at: msg.at,
      mine: msg.from === state.selfId,
    })
    const key = await keyPromise.catch(() => undefined)
    const text = key ? await unseal(key, msg.iv, msg.ct) : null
    // By id: a message deleted meanwhile shifts the others.
    setState('messages', (m) => m.id === msg.id, 'text', text)
  }

  let lobbySeq = 0
  /** Opens each sealed code word with the session key; a newer lobby frame wins. */
  const openLobby = async (waiting: LobbyEntry[]) => {
    const seq = ++lobbySeq
    const key = await keyPromise.catch(() => undefined)
    const opened = await Promise.all(
      waiting.map(async (w) => ({
        ...w,
        codeWord: w.codeWord && key ? await unseal(key, w.codeWord.iv, w.codeWord.ct) : null,
      })),
    )
    if (seq === lobbySeq) setState('lobby', opened)
  }

  const onFrame = (msg: ServerMessage) => {
    switch (msg.type) {
      case 'welcome':
        attempt = 0
        // The first welcome of this page for a seat that had joined: this page was reloaded.
        if (!state.selfId && msg.joined) setState('resumed', true)
        setState({
          status: 'open',
          selfId: msg.seatId,
          error: null,
          media: msg.media,
          spotlight: msg.spotlight,
          admitted: msg.admitted,
          back: msg.back === true,
          chatEnabled: msg.chatEnabled,
          kind: msg.kind,
        })
        setRoster(msg.members, msg.facilitatorPresent)
        {
          const codeWord = opts.codeWord?.trim()
          // Nothing of the room (media included) until a facilitator lets this person in.
          const welcomed = () => msg.admitted && opts.onWelcome?.(msg.members)
          if (msg.joined) return void welcomed()
          if (!codeWord) {
            send({ type: 'join', pseudonym: opts.pseudonym, agreed: true })
            return void welcomed()
          }
          // The code word travels sealed with the session key, like chat: only facilitators open it.
          void keyPromise
            .then((key) => seal(key, codeWord))
            .then((sealed) => send({ type: 'join', pseudonym: opts.pseudonym, agreed: true, codeWord: sealed }))
            .catch(() => send({ type: 'join', pseudonym: opts.pseudonym, agreed: true }))
            .then(welcomed)
        }
        return
      case 'admitted':
        // A media request sent from the lobby was refused; that is over now.
        setState({ admitted: true, back: false, ...(state.error?.code === 'in_lobby' ? { error: null } : {}) })
        opts.onWelcome?.(state.members)
        return
      case 'turned_away':
        return finish('turned_away')
      case 'lobby':
        void openLobby(msg.waiting)
        return
      case 'alert': {
        const { type: _, ...alert } = msg
        setState('alerts', state.alerts.length, alert)
        return
      }
      case 'alert_sent':
        return setState('alertDelivery', msg.delivered ? 'delivered' : 'pending')
      case 'private_reply':
        void keyPromise
          .catch(() => undefined)
          .then(async (key) => (key ? unseal(key, msg.iv, msg.ct) : null))
          .then((text) => setState('privateReply', { from: msg.from, text, at: msg.at }))
        return
      case 'chat_state':
        return setState('chatEnabled', msg.enabled)
      case 'message_deleted':
        return setState('messages', (list) => list.filter((m) => m.id !== msg.id))
      case 'message_removed':
        return setState('removedMessage', { rule: msg.rule })
      case 'roster':
        return setRoster(msg.members, msg.facilitatorPresent)
      case 'chat':
        void onChat(msg)
        return
      case 'facilitator_away':
        setState({ awayUntil: msg.closesAt, event: { kind: 'away', name: '' } })
        return
      case 'supervision':
        setState('unsupervisedUntil', msg.ok ? null : (msg.closesAt ?? null))
        if (msg.ok && state.error?.code === 'unsupervised') setState('error', null)
        return opts.onYouth?.(msg)
      case 'camera_permission':
        return opts.onYouth?.(msg)
      case 'ended':
        setState('endReason', msg.reason)
        return finish('ended')
      case 'removed':
        return finish('removed')
      case 'spotlight':
        return setState('spotlight', msg.seatId)
      case 'media':
      case 'moderated':
        return opts.onMedia?.(msg)
      case 'error':
        if (msg.code === 'media_unavailable' || msg.code === 'media_failed') {
          return opts.onMedia?.({ type: 'error', code: msg.code, message: msg.message })
        }
        setState('error', { code: msg.code, message: msg.message })
        return
    }
  }

  const open = () => {
    if (stopped) return
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    const socket = new WebSocket(
      `${scheme}://${location.host}/api/rooms/${encodeURIComponent(opts.sessionId)}/socket`,
      [WS_PROTOCOL, SEAT_PROTOCOL_PREFIX + opts.seat],
    )
    ws = socket
    socket.onmessage = (e) => {
      if (typeof e.data !== 'string' || e.data === 'pong') return
      let data: ServerMessage
      try {
        data = JSON.parse(e.data) as ServerMessage
      } catch {
        return
      }
      // The room is our own server: a light shape check, so a newer server's extra fields or
      // frame types never break an older page (unknown types are ignored).
      if (!data || typeof data.type !== 'string') return
      if ('members' in data && !Array.isArray(data.members)) return
      onFrame(data)
    }
    socket.onclose = (e) => {
      if (ws !== socket || stopped) return
      if (e.code === CLOSE_CODES.ended) return finish('ended')
      if (e.code === CLOSE_CODES.removed) return finish('removed')
      if (e.code === CLOSE_CODES.turnedAway) return finish('turned_away')
      if (e.code === CLOSE_CODES.left) return finish('ended')
      if (e.code === CLOSE_CODES.unauthorized) {
        return finish('failed', state.error ?? { code: 'unknown_seat', message: e.reason })
      }
      if (e.code === CLOSE_CODES.replaced) {
        return finish('failed', { code: 'replaced', message: e.reason })
      }
      setState('status', 'reconnecting')
      const delay = Math.min(15_000, 500 * 2 ** attempt++) * (0.75 + Math.random() / 2)
      retry = setTimeout(open, delay)
    }
  }

  open()
  const offExit = onQuickExit(() => {
    // A participant's seat is given up on exit; a facilitator keeps the grace period.
    if (!isModerator(opts.role)) send({ type: 'leave' })
    stop()
  })
  onCleanup(() => {
    offExit()
    stop()
  })

  return {
    state,
    async sendChat(text: string): Promise<boolean> {
      const key = await keyPromise.catch(() => undefined)
      if (!key) return false
      return send({ type: 'chat', ...(await seal(key, text)) })
    },
    /** Sends a frame once the room has welcomed this seat; false otherwise. */
    send: (msg: ClientMessage) => state.status === 'open' && send(msg),
    remove: (seatId: string) => send({ type: 'remove', seatId }),
    /** Facilitators: one private answer to an alert, sealed with the chat key. */
    async sendPrivateReply(seatId: string, text: string): Promise<boolean> {
      const key = await keyPromise.catch(() => undefined)
      if (!key || state.status !== 'open') return false
      return send({ type: 'private_reply', seatId, ...(await seal(key, text)) })
    },
    clearPrivateReply: () => setState('privateReply', null),
    end: () => send({ type: 'end' }),
    clearError: () => setState('error', null),
    /** Marked handled: gone from the list (matched by sender, kind and time: store items are proxies). */
    dismissAlert: (alert: AlertItem) =>
      setState('alerts', (list) =>
        list.filter((a) => !(a.seatId === alert.seatId && a.at === alert.at && a.kind === alert.kind)),
      ),
    clearRemovedMessage: () => setState('removedMessage', null),
  }
}

export type RoomConnection = ReturnType<typeof connectRoom>
