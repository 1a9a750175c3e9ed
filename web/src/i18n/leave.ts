// Strings for leaving calmly (a lazy chunk with ../room/LeaveControl, loaded after the room is on
// screen, so the text-only path does not grow), in both languages.
import type { Lang } from './index'

const en = {
  leave: 'Leave the session',
  leaveQ: 'Leave the session? This link will not let you back in.',
  leaveConfirm: 'Yes, leave',
  leaveStaffQ: 'You are leaving the session. What happens for the others?',
  handOver: 'Leave: {name} continues facilitating',
  endForAll: 'End the session for everyone',
  alone: 'No co-facilitator is here, so leaving ends the session for everyone.',
  stay: 'Stay',
}

export type LeaveKey = keyof typeof en

const fr: Record<LeaveKey, string> = {
  leave: 'Quitter la séance',
  leaveQ: 'Quitter la séance? Ce lien ne vous permettra pas de revenir.',
  leaveConfirm: 'Oui, quitter',
  leaveStaffQ: 'Vous quittez la séance. Que se passe-t-il pour les autres?',
  handOver: 'Quitter : {name} continue l’animation',
  endForAll: 'Terminer la séance pour tout le monde',
  alone: 'Aucune autre personne de l’animation n’est là : partir termine la séance pour tout le monde.',
  stay: 'Rester',
}

export const leaveDict: Record<Lang, Record<LeaveKey, string>> = { en, fr }
