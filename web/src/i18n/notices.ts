// Strings of the room's rarer moments, in both languages: a message of hers removed (and the rule
// it broke), a facilitator's private reply, the end screens (ended, removed, turned away at the door). In a chunk of their
// own, fetched with the end screen as the room opens (room/Room.tsx) or with the notice that
// needs them, so the text-only path's first screen never waits for them.
import { format, type Lang } from './index'

const en = {
  endedScreen: 'This session has ended.',
  endedNote: 'Thank you for being here. Nothing from this session is kept.',
  removedScreen: 'A facilitator has removed you from this session.',
  removedNote: 'If you think this is a mistake, you can contact the organization by your usual means.',
  turnedAwayTitle: 'The facilitator could not let you into this session.',
  turnedAwayNote: 'This link no longer works. You can contact the organization by your usual means.',
  messageRemoved: 'A facilitator removed your message.',
  messageRemovedN: 'Your message was removed: it broke rule {n} of the group agreement.',
  messageRemovedRule: 'Your message was removed: it broke rule {n} — {rule}',
  privateReplyFrom: 'Private message from {name}',
  privateReplyClose: 'Close',
}

export type NoticeKey = keyof typeof en

const fr: Record<NoticeKey, string> = {
  endedScreen: 'Cette séance est terminée.',
  endedNote: 'Merci d’avoir été là. Rien de cette séance n’est conservé.',
  removedScreen: 'Vous avez été retiré·e de cette séance par l’équipe d’animation.',
  removedNote: 'Si vous pensez que c’est une erreur, vous pouvez joindre l’organisme par vos moyens habituels.',
  turnedAwayTitle: 'L’animation n’a pas pu vous faire entrer dans cette séance.',
  turnedAwayNote: 'Ce lien ne fonctionne plus. Vous pouvez joindre l’organisme par vos moyens habituels.',
  messageRemoved: 'L’animation a retiré votre message.',
  messageRemovedN: 'Votre message a été retiré : il enfreignait la règle {n} de l’entente de groupe.',
  messageRemovedRule: 'Votre message a été retiré : il enfreignait la règle {n} — {rule}',
  privateReplyFrom: 'Message privé de {name}',
  privateReplyClose: 'Fermer',
}

const notices: Record<Lang, Record<NoticeKey, string>> = { en, fr }

export const noticeText = (lang: Lang, key: NoticeKey, params?: Record<string, string | number>) =>
  format(notices[lang][key], params)
