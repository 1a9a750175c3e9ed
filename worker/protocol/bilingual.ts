// Texts people read in a session, in both languages; no schema library here, so the web client
// can use it without loading one.

/** Texts shown to people in the session, in both languages. */
export type Bilingual = { en: string; fr: string }

/** Which language of a bilingual text is missing (empty while the other is written), if one is. */
export const missingLanguage = (text: string | Bilingual): 'en' | 'fr' | null =>
  typeof text === 'string' || !text.en === !text.fr ? null : text.en ? 'fr' : 'en'
