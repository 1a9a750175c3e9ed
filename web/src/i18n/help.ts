// Strings for the organization's other ways to get help (../app/HelpList, a lazy chunk loaded only
// where a link cannot open or a session is over), in both languages.
import type { Lang } from './index'

const en = {
  helpTitle: 'Other ways to get help',
  helpNone: 'You can contact the organization that sent you this link by your usual means.',
}

const fr: typeof en = {
  helpTitle: 'Autres façons d’obtenir de l’aide',
  helpNone: 'Vous pouvez joindre l’organisme qui vous a envoyé ce lien par vos moyens habituels.',
}

export const helpDict: Record<Lang, typeof en> = { en, fr }
