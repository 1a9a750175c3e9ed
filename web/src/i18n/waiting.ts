// Strings for the waiting room (../join/WaitingRoom, a lazy chunk), in both languages: a session
// without a waiting room never loads them. Being turned away is an end screen (notices.ts).
import type { Lang } from './index'

const en = {
  waitingTitle: 'You are in the waiting room',
  waitingNote: 'A facilitator will let you in shortly. You can stay on this page.',
  waitingExit: 'You can leave at any time with Quick exit.',
  waitingBackTitle: 'Welcome back',
  waitingBackNote: 'A facilitator will let you in again. You can stay on this page.',
}

const fr: typeof en = {
  waitingTitle: 'Vous êtes dans la salle d’attente',
  waitingNote:
    'Une personne de l’animation va vous faire entrer sous peu. Vous pouvez rester sur cette page.',
  waitingExit: 'Vous pouvez partir à tout moment avec la sortie rapide.',
  waitingBackTitle: 'Bon retour',
  waitingBackNote:
    'Une animatrice ou un animateur va vous laisser entrer à nouveau. Vous pouvez rester sur cette page.',
}

export const waitingDict: Record<Lang, typeof en> = { en, fr }
