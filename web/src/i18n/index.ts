// Language choice and message formatting; the dictionaries themselves are en.ts and fr.ts, each
// its own chunk: a page loads only the language it shows (the other when someone switches). Staff
// pages also load staff-en.ts or staff-fr.ts, strings no participant's page needs.
import type { Key as EveryoneKey } from './en'
import type { Dict as EveryoneDict } from './fr'
import type { StaffKey } from './staff-en'

export type Key = EveryoneKey | StaffKey
/** Everyone's strings, and on staff pages the staff's too. */
export type Dict = EveryoneDict & Partial<Record<StaffKey, string>>
export type Lang = 'en' | 'fr'

const everyone = (lang: Lang): Promise<Dict> =>
  lang === 'fr' ? import('./fr').then((m) => m.fr) : import('./en').then((m) => m.en)

const staffOnly = (lang: Lang): Promise<Record<StaffKey, string>> =>
  lang === 'fr'
    ? import('./staff-fr').then((m) => m.staffFr)
    : import('./staff-en').then((m) => m.staffEn)

export const loadDict = (lang: Lang, staff = false): Promise<Dict> =>
  staff
    ? Promise.all([everyone(lang), staffOnly(lang)]).then(([d, s]) => ({ ...d, ...s }))
    : everyone(lang)

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
