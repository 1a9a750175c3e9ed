// What travels sealed with the session key (lib/chat-crypto), opened or sealed here: chat
// messages, the code words of people in the lobby, a facilitator's private reply, and the code
// word sent with this person's join. The key never leaves the page.
import type { ServerMessage } from '../../../worker/protocol/messages'
import { importChatKey, seal, unseal } from '../lib/chat-crypto'
import { nameOf } from './roster'
import type { RoomStore } from './live-state'
import type { LobbyEntry } from './room-state'

type Sealed = { iv: string; ct: string }

export function createSealing(key: string, room: RoomStore) {
  const { state, setState } = room
  const keyPromise = importChatKey(key)
  keyPromise.catch(() => undefined)
  /** The session key, or undefined when it could not be imported. */
  const sessionKey = () => keyPromise.catch(() => undefined)
  let lobbySeq = 0

  return {
    /** Seals a text with the session key; null when the key is unusable. */
    async seal(text: string): Promise<Sealed | null> {
      const k = await sessionKey()
      return k ? seal(k, text) : null
    },
    /** Seals with the key as it is: rejects when it is unusable (the join's code word). */
    sealOrFail: (text: string) => keyPromise.then((k) => seal(k, text)),

    /** Shown at once as "decrypting", then with its text (or as undecryptable). */
    async chat(msg: Extract<ServerMessage, { type: 'chat' }>) {
      room.addMessage({
        id: msg.id,
        name: nameOf(state, msg.from) ?? '',
        text: undefined,
        at: msg.at,
        mine: msg.from === state.selfId,
      })
      const k = await sessionKey()
      const text = k ? await unseal(k, msg.iv, msg.ct) : null
      room.setMessageText(msg.id, text)
    },

    /** Opens each sealed code word with the session key; a newer lobby frame wins. */
    async lobby(waiting: LobbyEntry[]) {
      const seq = ++lobbySeq
      const k = await sessionKey()
      const opened = await Promise.all(
        waiting.map(async (w) => ({
          ...w,
          codeWord: w.codeWord && k ? await unseal(k, w.codeWord.iv, w.codeWord.ct) : null,
        })),
      )
      if (seq === lobbySeq) setState({ lobby: opened })
    },

    privateReply(msg: Extract<ServerMessage, { type: 'private_reply' }>) {
      void sessionKey()
        .then(async (k) => (k ? unseal(k, msg.iv, msg.ct) : null))
        .then((text) => setState({ privateReply: { from: msg.from, text, at: msg.at } }))
    },
  }
}

export type Sealing = ReturnType<typeof createSealing>
