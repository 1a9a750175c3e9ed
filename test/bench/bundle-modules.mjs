// What each source module costs in the text-only join path /j: builds the web client into a temp
// dir (with a manifest), takes the text path's files from bundle-size.mjs (entry, CSS, join page,
// room, one language) and lists the modules inside them, largest first.
//
//   node test/bench/bundle-modules.mjs            both languages, top 25
//   node test/bench/bundle-modules.mjs --top 40   more rows
//   node test/bench/bundle-modules.mjs --json     one JSON line after the table
//
// "min" is the module's code as rendered in its chunk, minified alone (oxc); "gzip" is its chunk's
// gzip -9 size shared out in proportion to each module's own gzip -9 size (modules compress
// together, so their own sizes would not add up). An estimate: code that only the whole chunk's
// minification drops (unused pure calls, e.g. valibot schemas) still counts here. The totals are
// exact (bundle-size.mjs). CSS files are whole files.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { minifySync } from 'rolldown/utils'
import { build } from 'vite'
import { measureBundle } from './bundle-size.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const args = process.argv.slice(2)
const top = Number(args[args.indexOf('--top') + 1]) || 25

const out = mkdtempSync(path.join(tmpdir(), 'havre-modules-'))
/** chunk file name -> [{ id, raw: minified bytes, own: their gzip -9 bytes }] */
const modulesOf = {}
try {
  await build({
    configFile: path.join(root, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, manifest: true },
    plugins: [
      {
        name: 'havre-module-sizes',
        generateBundle(_options, bundle) {
          for (const chunk of Object.values(bundle)) {
            if (chunk.type !== 'chunk') continue
            modulesOf[path.posix.basename(chunk.fileName)] = Object.entries(chunk.modules)
              .filter(([, m]) => m.renderedLength > 0)
              .map(([id, m]) => {
                const min = minifySync('m.js', m.code ?? '', { module: false }).code
                return { id, raw: Buffer.byteLength(min), own: gzipSync(min, { level: 9 }).length }
              })
          }
        },
      },
    ],
  })
  const b = measureBundle({ dist: out })
  if (b.error) throw new Error(b.error)

  const short = (id) => {
    const clean = id.replace(/\?.*$/, '').replace(/^\0/, '')
    const nm = clean.lastIndexOf('node_modules/')
    if (nm >= 0) return clean.slice(nm + 'node_modules/'.length)
    return path.relative(root, clean).startsWith('..') ? clean : path.relative(root, clean)
  }
  const rowsFor = (files) => {
    const rows = []
    for (const f of files) {
      const full = path.join(out, 'assets', f.file)
      if (f.file.endsWith('.css')) {
        rows.push({ module: `${f.file} (CSS)`, chunk: f.file, raw: f.raw, gzip: f.gzip })
        continue
      }
      const mods = modulesOf[f.file] ?? []
      const sum = mods.reduce((s, m) => s + m.own, 0) || 1
      const gz = gzipSync(readFileSync(full), { level: 9 }).length
      for (const m of mods)
        rows.push({
          module: short(m.id),
          chunk: f.file,
          raw: m.raw,
          gzip: Math.round((gz * m.own) / sum),
        })
    }
    return rows.sort((a, b2) => b2.gzip - a.gzip)
  }

  const report = { at: new Date().toISOString(), byLocale: [] }
  for (const { locale, gzip } of b.textPath.byLocale) {
    // bundle-size reports the larger language's files; the other differs only in its catalogue.
    const files = b.textPath.files.map((f) => {
      if (locale === b.textPath.locale) return f
      const other = new RegExp(`^${b.textPath.locale}-[\\w-]+\\.js$`)
      return other.test(f.file) ? null : f
    })
    const rows = rowsFor(files.filter(Boolean))
    if (locale !== b.textPath.locale) {
      const cat = Object.keys(modulesOf).find((f) => new RegExp(`^${locale}-[\\w-]+\\.js$`).test(f))
      if (cat) {
        const buf = readFileSync(path.join(out, 'assets', cat))
        rows.push({
          module: `web/src/i18n/${locale}.ts`,
          chunk: cat,
          raw: buf.length,
          gzip: gzipSync(buf, { level: 9 }).length,
        })
        rows.sort((a, b2) => b2.gzip - a.gzip)
      }
    }
    report.byLocale.push({ locale, gzip, rows })
    console.log(`\nText path /j, "${locale}": ${gzip} B gzip in all; modules by share of gzip`)
    const line = (module, chunk, min, gzip) =>
      `  ${module.slice(-58).padEnd(58)} ${chunk.slice(0, 26).padEnd(26)} ` +
      `${String(min).padStart(7)} ${String(gzip).padStart(6)}`
    console.log(line('module', 'chunk', 'min', 'gzip'))
    for (const r of rows.slice(0, top)) console.log(line(r.module, r.chunk, r.raw, r.gzip))
    if (rows.length > top) console.log(`  … ${rows.length - top} more`)
  }
  if (args.includes('--json')) {
    console.log(JSON.stringify({ bench: 'havre-bundle-modules', ...report }))
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
