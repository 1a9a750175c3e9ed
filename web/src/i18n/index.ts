// Language choice and message formatting; the dictionaries themselves are en.ts and fr.ts.
import { en, type Key } from './en'
import { fr, type Dict } from './fr'

export type { Key }
export type Lang = 'en' | 'fr'

export const dicts: Record<Lang, Dict> = { en, fr }

export const pickLang = (): Lang =>
  (navigator.language || '').toLowerCase().startsWith('fr') ? 'fr' : 'en'

export const otherLang = (lang: Lang): Lang => (lang === 'fr' ? 'en' : 'fr')

export const isKey = (key: string): key is Key => key in en

/** Fills `{name}` placeholders. */
export function format(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m)) : text
}
