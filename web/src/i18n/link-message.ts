// The short text a facilitator sends with each one-time link, in both languages at once (the
// person who receives it may read either): open it when ready, ideally privately; it works once.
export const linkMessage = {
  en: 'Open this link when you are ready to join, ideally in a private window. It works only once: keep the tab open until the end.',
  fr: 'Ouvrez ce lien au moment d’entrer dans la séance, idéalement dans une fenêtre privée. Il ne fonctionne qu’une fois : gardez l’onglet ouvert jusqu’à la fin.',
}
