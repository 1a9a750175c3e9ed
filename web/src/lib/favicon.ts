// The tab icon: Havre's, or a neutral grey square in discreet mode (files in web/public).
export function setNeutralIcon(neutral: boolean) {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')
  if (link) link.href = neutral ? '/neutral.svg' : '/favicon.svg'
}
