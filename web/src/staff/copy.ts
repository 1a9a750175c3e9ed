// Copying to the clipboard, with a fallback: the text is selected in its field for Ctrl+C.
export async function copyText(text: string, fallback?: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    fallback?.select()
  }
}

/** "participant" → "Participant": a role at the start of a label. */
export const capital = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1)
