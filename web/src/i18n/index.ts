// Language choice and message formatting. Everyone's dictionary is en.ts or fr.ts, each its own
// chunk: a page loads only the language it shows (the other when someone switches). Parts that
// only some pages or seats need are merged into it when they are needed, in the same language:
// the staff pages' (staff-*.ts), a facilitator's (facilitator-*.ts), a short chat link's or a
// code word's (chat-link.ts), the home page's (home.ts), video and audio's once the media code loads
// (media-*.ts). Quick exit's label and the sentence for a
// part of the page that could not load are here, in both languages, so they never wait for a
// chunk.
import type { Key as EveryoneKey } from './en'
import type { Dict as EveryoneDict } from './fr'
import type { StaffKey } from './staff-en'
import type { FacilitatorKey } from './facilitator-en'
import type { ChatLinkKey } from './chat-link'
import type { HomeKey } from './home'
import type { MediaKey } from './media-en'

type PartKey = StaffKey | FacilitatorKey | ChatLinkKey | HomeKey | MediaKey
export type Key = EveryoneKey | PartKey
/** Everyone's strings, and the parts this page has loaded. */
export type Dict = EveryoneDict & Partial<Record<PartKey, string>>
export type Lang = 'en' | 'fr'
export type Part = 'staff' | 'facilitator' | 'chat' | 'home' | 'media'

const everyone = (lang: Lang): Promise<Dict> =>
  lang === 'fr' ? import('./fr').then((m) => m.fr) : import('./en').then((m) => m.en)

const parts: Record<Part, (lang: Lang) => Promise<Partial<Record<PartKey, string>>>> = {
  staff: (lang) =>
    lang === 'fr'
      ? import('./staff-fr').then((m) => m.staffFr)
      : import('./staff-en').then((m) => m.staffEn),
  facilitator: (lang) =>
    lang === 'fr'
      ? import('./facilitator-fr').then((m) => m.facilitatorFr)
      : import('./facilitator-en').then((m) => m.facilitatorEn),
  chat: (lang) => import('./chat-link').then((m) => m.chatLink[lang]),
  home: (lang) => import('./home').then((m) => m.home[lang]),
  media: (lang) =>
    lang === 'fr'
      ? import('./media-fr').then((m) => m.mediaFr)
      : import('./media-en').then((m) => m.mediaEn),
}

/** One part's strings in one language. */
export const loadPart = (lang: Lang, part: Part) => parts[part](lang)

/** Everyone's strings with `with`'s merged in, all in `lang`. */
export const loadDict = (lang: Lang, with_: readonly Part[] = []): Promise<Dict> =>
  Promise.all([everyone(lang), ...with_.map((p) => loadPart(lang, p))]).then(([d, ...more]) =>
    Object.assign({}, d, ...more),
  )

/** Each language's own name, for the switch (without loading the other dictionary). */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' }

/** In the entry itself: quick exit never waits for a chunk, nor does the sentence shown when one
 *  could not load (offline, or the site was updated meanwhile). */
export const EARLY = {
  en: {
    quickExit: 'Quick exit',
    quickExitHint: 'or Shift ×3',
    chunkFailed:
      'This part of the page could not load. Check your connection, then try again. Quick exit still works.',
    tryAgain: 'Try again',
  },
  fr: {
    quickExit: 'Sortie rapide',
    quickExitHint: 'ou Maj ×3',
    chunkFailed:
      'Cette partie de la page n’a pas pu se charger. Vérifiez votre connexion, puis réessayez. La sortie rapide fonctionne toujours.',
    tryAgain: 'Réessayer',
  },
} satisfies Record<Lang, Record<string, string>>

export const pickLang = (): Lang =>
  (navigator.language || '').toLowerCase().startsWith('fr') ? 'fr' : 'en'

export const otherLang = (lang: Lang): Lang => (lang === 'fr' ? 'en' : 'fr')

export const isKey = (dict: Dict, key: string): key is Key => key in dict

/** Fills `{name}` placeholders. */
export function format(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m)) : text
}
