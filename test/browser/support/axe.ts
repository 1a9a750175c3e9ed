// axe-core in a page: its serious and critical violations (the context must bypass the CSP).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import type { AxeResults, Result } from 'axe-core'

const axeSource = readFileSync(
  path.resolve(import.meta.dirname, '..', '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
)

/** Runs axe-core on the page; the serious or critical violations it finds. */
export async function seriousResults(page: Page): Promise<Result[]> {
  await page.addScriptTag({ content: axeSource })
  const results = await page.evaluate(() => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<unknown> } }).axe
    return axe.run(document)
  })
  return (results as AxeResults).violations.filter(
    (v: Result) => v.impact === 'serious' || v.impact === 'critical',
  )
}

/** The same, one line each: `id (impact): the elements`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await seriousResults(page)).map((v: Result) => {
    const where = v.nodes.map((n) => n.target.join(' ')).join(', ')
    return `${v.id} (${v.impact}): ${where}`
  })
}
