// Strings of the facilitator's side of the room, in both languages: loaded with the facilitator's
// tools only (a lazy chunk), so a survivor's page never downloads them. Co-facilitators who come
// in by a link get them too, as they have no staff dictionary.
import { format, type Lang } from './index'

const en = {
  staffBar: 'Your room',
  timeLeft: '{n} min left',
  timeLeftHours: '{h} h {m} min left',
  timeUp: 'Closing time reached',
  toConsole: 'Console (the room keeps running)',
  removeConfirmQ:
    'Remove {name}? They leave the session at once and their link will not work again.',
  removeConfirm: 'Remove {name}',
  handsTitle: 'Hands raised, in order',
  handsOrderNote: 'First raised first. The list of people above does not move.',
  alertHandled: 'Mark handled',
  alertHandledLabel: 'Mark handled: {text}',
  alertReplyField: 'One private reply to {name}, encrypted like the chat',
  alertReplyDefault: 'I saw it, I’m writing to you.',
  alertReplySend: 'Send privately',
  alertReplySent: 'Private reply sent to {name}.',
  alertNoReplyYouth:
    'Youth sessions have no private messages, in either direction: answer in the group or with the other adult present.',
  admitNeedsAdults: 'Two adults must be present to admit youth ({n} now).',
  lateLinkTitle: 'A link for someone late',
  alertLeftAt: 'Left the session at {time}.',
  lobbyBackAfter: 'back after being away {n} min',
  lobbyBackAfterSeconds: 'back after being away {n} s',
  lobbyCoFacilitatorLink: 'came by a co-facilitator link',
}

export type StaffRoomKey = keyof typeof en

const fr: Record<StaffRoomKey, string> = {
  staffBar: 'Votre salle',
  timeLeft: 'Il reste {n} min',
  timeLeftHours: 'Il reste {h} h {m} min',
  timeUp: 'L’heure de fin est passée',
  toConsole: 'Console (la salle reste ouverte)',
  removeConfirmQ:
    'Retirer {name} ? Cette personne quitte la séance tout de suite et son lien ne fonctionnera plus.',
  removeConfirm: 'Retirer {name}',
  handsTitle: 'Mains levées, dans l’ordre',
  handsOrderNote: 'La première levée en premier. La liste des personnes ci-dessus ne bouge pas.',
  alertHandled: 'Marquer comme traitée',
  alertHandledLabel: 'Marquer comme traitée : {text}',
  alertReplyField: 'Une réponse privée à {name}, chiffrée comme la discussion',
  alertReplyDefault: 'Je l’ai vu, je vous écris.',
  alertReplySend: 'Envoyer en privé',
  alertReplySent: 'Réponse privée envoyée à {name}.',
  alertNoReplyYouth:
    'Les séances jeunesse n’ont aucun message privé, dans un sens comme dans l’autre : répondez dans le groupe ou avec l’autre adulte présent.',
  admitNeedsAdults: 'Deux adultes doivent être présents pour admettre des jeunes ({n} en ce moment).',
  lateLinkTitle: 'Un lien pour une personne en retard',
  alertLeftAt: 'A quitté la séance à {time}.',
  lobbyBackAfter: 'de retour après {n} min d’absence',
  lobbyBackAfterSeconds: 'de retour après {n} s d’absence',
  lobbyCoFacilitatorLink: 'arrivé·e par un lien de co-animation',
}

const dict: Record<Lang, Record<StaffRoomKey, string>> = { en, fr }

export const staffRoomText = (lang: Lang, key: StaffRoomKey, params?: Record<string, string | number>) =>
  format(dict[lang][key], params)
