// The short text a facilitator sends with a one-time link, in both languages whatever the console's
// language (the person may read the other one). Placeholder: {link}.
import type { Lang } from '../i18n'

export const LINK_MESSAGE: Record<Lang, string> = {
  en: 'Here is your private link to the group. Open it only when you are ready to join, ideally in a private window: it works once, and the tab it opens in is then your seat. {link}',
  fr: 'Voici votre lien privé pour le groupe. Ouvrez-le seulement au moment de vous joindre au groupe, idéalement dans une fenêtre privée : il ne fonctionne qu’une fois, et l’onglet où il s’ouvre devient alors votre place. {link}',
}

export const linkMessage = (lang: Lang, link: string) => LINK_MESSAGE[lang].replace('{link}', link)
