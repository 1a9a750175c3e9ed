// Language choice and message formatting; the dictionaries themselves are en.ts and fr.ts, each
// its own chunk: a page loads only the language it shows (the other when someone switches).
import type { Key } from './en'
import type { Dict } from './fr'

export type { Dict, Key }
export type Lang = 'en' | 'fr'

export const loadDict = (lang: Lang): Promise<Dict> =>
  lang === 'fr' ? import('./fr').then((m) => m.fr) : import('./en').then((m) => m.en)

/** Each language's own name, for the switch (without loading the other dictionary). */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' }

export const pickLang = (): Lang =>
  (navigator.language || '').toLowerCase().startsWith('fr') ? 'fr' : 'en'

export const otherLang = (lang: Lang): Lang => (lang === 'fr' ? 'en' : 'fr')

export const isKey = (dict: Dict, key: string): key is Key => key in dict

/** Fills `{name}` placeholders. */
export function format(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m)) : text
}
