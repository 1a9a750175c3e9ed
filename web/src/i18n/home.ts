// The home page's strings, in both languages: merged into the dictionary on / only.
const en = {
  homeLine: 'Havre is a private space where support organizations run their groups.',
  staffLink: 'Staff sign-in',
}

export type HomeKey = keyof typeof en

const fr: Record<HomeKey, string> = {
  homeLine: 'Havre est un espace privé où les organismes d’aide tiennent leurs groupes.',
  staffLink: 'Connexion du personnel',
}

export const home = { en, fr }
