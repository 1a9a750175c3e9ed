// Strings for why a link cannot open (../join/JoinError, a lazy chunk shown only then), in both
// languages: not open yet, no more (by the server's code), or a tab with nothing in it. Errors any
// page may show (network, session ended, an incomplete link) stay in everyone’s strings (en.ts,
// fr.ts).
import type { Lang } from './index'

const en = {
  err_link_used: 'This link has already been used — ask your facilitator for a new one.',
  err_link_expired: 'This link has expired — ask your facilitator for a new one.',
  err_link_invalid: 'This link is not valid — ask your facilitator for a new one.',
  err_not_open_yet: 'This session has not opened yet. It opens at {time}.',
  nothingTitle: 'Nothing is open in this tab.',
  nothingNote: 'Havre keeps nothing in this tab, and each link works only once.',
  notOpenYet: 'This session has not opened yet.',
  opensAtLine: 'It opens on',
  notOpenYetNote: 'This link still works: come back at that time, or try again.',
}

export type JoinErrorKey = keyof typeof en

const fr: Record<JoinErrorKey, string> = {
  err_link_used: 'Ce lien a déjà été utilisé — demandez-en un nouveau à votre animatrice.',
  err_link_expired: 'Ce lien a expiré — demandez-en un nouveau à votre animatrice.',
  err_link_invalid: 'Ce lien n’est pas valide — demandez-en un nouveau à votre animatrice.',
  err_not_open_yet: 'Cette séance n’est pas encore ouverte. Elle ouvre à {time}.',
  nothingTitle: 'Rien n’est ouvert dans cet onglet.',
  nothingNote: 'Havre ne garde rien dans cet onglet, et chaque lien ne fonctionne qu’une fois.',
  notOpenYet: 'Cette séance n’est pas encore ouverte.',
  opensAtLine: 'Elle ouvre le',
  notOpenYetNote: 'Ce lien fonctionne toujours : revenez à ce moment-là, ou réessayez.',
}

export const joinErrorDict: Record<Lang, Record<JoinErrorKey, string>> = { en, fr }
