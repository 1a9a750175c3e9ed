// The session's own texts (agreement, opening notice): one string, or the organization's in both
// languages, shown in the reader's language; the agreement read as numbered rules, one a line.
import type { Bilingual } from '../../../worker/protocol/http'
import type { Lang } from '../i18n'

export type SessionText = string | Bilingual

/** The text in the reader's language (a session's own text has only one). */
export const localized = (text: SessionText | undefined, lang: Lang): string =>
  typeof text === 'string' ? text : (text?.[lang] ?? '')

/** The agreement's rules: its non-empty lines, in order (rule n is line n, from 1). */
export const ruleLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
