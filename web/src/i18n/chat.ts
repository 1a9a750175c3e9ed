// Strings for a short chat link's room, in both languages: a small chunk loaded only in chat
// sessions, so group sessions never download it.
import type { Lang } from './index'

const en = {
  chatWith: 'You are talking with {name}.',
  chatWaiting: 'An advocate will be with you in a moment.',
  chatAway: '{name} is not connected right now.',
}

export type ChatKey = keyof typeof en

const fr: Record<ChatKey, string> = {
  chatWith: 'Vous parlez avec {name}.',
  chatWaiting: 'Une intervenante sera avec vous dans un instant.',
  chatAway: '{name} n’est pas connectée en ce moment.',
}

export const chatDict: Record<Lang, Record<ChatKey, string>> = { en, fr }
