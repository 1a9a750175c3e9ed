// What a person downloads: the compressed size of the text-only join path (/j: index.html's
// entry and CSS, the join page, the room, one language), for each language, against DESIGN.md's
// 30 KB budget and issue 20's 22 KB goal, and of the chunks loaded only when someone chooses audio
// or video (livekit-client and the media panel). Per module: test/bench/bundle-modules.mjs.
//
//   node test/bench/bundle-size.mjs            reads web/dist as it is (never rebuilds it)
//   node test/bench/bundle-size.mjs --build    builds into a temp dir (with a manifest) and reads that
//
// The import graph comes from web/dist/.vite/manifest.json when the build wrote one, otherwise from
// the built files themselves: index.html's script and stylesheet, each chunk's static imports
// (`import … from "./x.js"`), its dynamic imports with the files Vite preloads alongside them
// (`__vite__mapDeps`), and workers started with `new URL("…", import.meta.url)`.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const TEXT_PATH_BUDGET_BYTES = 30 * 1024
/** Issue 20's goal for the same path: 22 KB. */
export const TEXT_PATH_GOAL_BYTES = 22 * 1024
const LOCALES = ['en', 'fr']

const KB = (bytes) => Math.round((bytes / 1024) * 10) / 10

function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  }
}

/** Newest modification time of a file or any file under a folder. */
function newest(p) {
  if (!existsSync(p)) return 0
  const st = statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  return Math.max(0, ...readdirSync(p).map((name) => newest(path.join(p, name))))
}

/** dist-relative path ("assets/x.js") of a reference made from `fromFile` (dist-relative too). */
function resolveRef(fromFile, ref) {
  if (ref.startsWith('/')) return ref.slice(1)
  return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), ref))
}

/** file -> { static: [], dynamic: [], preload: { chunk: [files] }, workers: [] } */
function graphFromFiles(dist, files) {
  const graph = {}
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(path.join(dist, file), 'utf8')
    const node = { static: [], dynamic: [], preload: {}, workers: [] }
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*[`"'](\.{1,2}\/[^`"']+)[`"']/g))
      node.static.push(resolveRef(file, m[1]))
    for (const m of code.matchAll(/\bimport\(\s*[`"'](\.{1,2}\/[^`"']+)[`"']\s*\)/g))
      node.dynamic.push(resolveRef(file, m[1]))
    for (const m of code.matchAll(/new URL\(\s*[`"']([^`"']+\.js)[`"']\s*,/g))
      node.workers.push(resolveRef(file, m[1]))
    // Vite's preload lists: the dist-relative deps of each dynamic import, the chunk itself first.
    const list = /m\.f\s*\|\|\s*\(m\.f\s*=\s*(\[[^\]]*\])\)/.exec(code)
    if (list) {
      const deps = JSON.parse(list[1].replace(/`/g, '"'))
      for (const m of code.matchAll(/__vite__mapDeps\(\[([\d,\s]*)\]\)/g)) {
        const idx = m[1].split(',').filter(Boolean).map(Number)
        if (idx.length) node.preload[deps[idx[0]]] = idx.map((i) => deps[i])
      }
    }
    node.static = [...new Set(node.static)]
    node.dynamic = [...new Set(node.dynamic)]
    graph[file] = node
  }
  return graph
}

/** The manifest's edges (static imports, dynamic imports, CSS) over the same file graph. */
function graphFromManifest(dist, manifest, files) {
  const graph = graphFromFiles(dist, files) // for workers, which the manifest does not list
  for (const entry of Object.values(manifest)) {
    const node = (graph[entry.file] ??= { static: [], dynamic: [], preload: {}, workers: [] })
    node.static = (entry.imports ?? []).map((k) => manifest[k].file)
    node.dynamic = (entry.dynamicImports ?? []).map((k) => manifest[k].file)
    node.css = entry.css ?? []
    node.preload = {}
  }
  return graph
}

export function measureBundle({ dist = path.join(root, 'web', 'dist') } = {}) {
  const html = path.join(dist, 'index.html')
  if (!existsSync(html)) return { error: `no built web client at ${dist} (run npm run build)` }
  const files = readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`)
  const manifestPath = path.join(dist, '.vite', 'manifest.json')
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null
  const graph = manifest ? graphFromManifest(dist, manifest, files) : graphFromFiles(dist, files)
  const bytes = (file) => readFileSync(path.join(dist, file))
  const name = (file) => path.posix.basename(file)

  const indexHtml = readFileSync(html, 'utf8')
  const entry = resolveRef(
    'index.html',
    /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(indexHtml)?.[1] ?? '',
  )
  if (!graph[entry]) return { error: `index.html's entry script ${entry} is not in ${dist}/assets` }
  const htmlCss = [...indexHtml.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
    (m) => resolveRef('index.html', m[1]),
  )
  const htmlPreloads = [
    ...indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => resolveRef('index.html', m[1]))

  /** Everything the browser fetches to run `chunk`: its static imports, CSS and preloads. */
  function closure(chunks, into = new Set()) {
    const visit = (f) => {
      if (into.has(f)) return
      into.add(f)
      const node = graph[f]
      if (!node) return
      node.static.forEach(visit)
      ;(node.css ?? []).forEach((c) => into.add(c))
    }
    for (const chunk of chunks) {
      visit(chunk)
      // The files Vite preloads with this dynamic import, wherever it is imported from.
      for (const node of Object.values(graph)) (node.preload[chunk] ?? []).forEach(visit)
    }
    return into
  }
  /** The chunk built from `src` (web/-relative) when the manifest has it, else the dynamic import
   *  of `from` whose file name starts with `prefix` (Vite names chunks so); undefined when `src` is
   *  built into a chunk already in `from` (no separate download: the manifest lists only entries,
   *  dynamic imports and shared chunks, so a module imported statically is not in it). */
  function lazy(from, src, prefix) {
    if (manifest) {
      const own = manifest[src]?.file
      return !own || from.has(own) ? undefined : own
    }
    const found = [...from]
      .flatMap((f) => graph[f]?.dynamic ?? [])
      .find((f) => name(f).startsWith(prefix))
    if (!found) throw new Error(`no lazily loaded ${prefix}* chunk in the build`)
    return found
  }

  const base = closure([entry, ...htmlCss, ...htmlPreloads])
  const join = lazy(base, 'src/join/JoinPage.tsx', 'JoinPage-')
  const afterJoin = join ? closure([join], new Set(base)) : new Set(base)
  const room = lazy(afterJoin, 'src/room/Room.tsx', 'Room-')
  const textNoLocale = room ? closure([room], new Set(afterJoin)) : new Set(afterJoin)
  const locales = LOCALES.map((locale) => {
    const chunk = lazy(base, `src/i18n/${locale}.ts`, `${locale}-`)
    const set = chunk ? closure([chunk], new Set(textNoLocale)) : textNoLocale
    return { locale, set, joinOnly: chunk ? closure([chunk], new Set(afterJoin)) : afterJoin }
  })

  const sizeOf = (set) => {
    const list = [...set].filter((f) => f.endsWith('.js') || f.endsWith('.css')).sort()
    const perFile = list.map((file) => ({ file: name(file), ...sizes(bytes(file)) }))
    const total = perFile.reduce(
      (t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }),
      { raw: 0, gzip: 0, brotli: 0 },
    )
    return { files: perFile, total }
  }
  const byLocale = locales.map((l) => ({
    locale: l.locale,
    ...sizeOf(l.set),
    joinScreen: sizeOf(l.joinOnly).total,
  }))
  const worst = byLocale.reduce((a, b) => (b.total.gzip > a.total.gzip ? b : a))
  const textSet = locales.find((l) => l.locale === worst.locale).set
  // Context: the join page alone (before the room chunk is fetched), in the same language.
  const joinScreen = worst.joinScreen

  // livekit-client is recognised by its version string, as the bundled SDK declares it.
  const lkVersion = JSON.parse(
    readFileSync(path.join(root, 'node_modules', 'livekit-client', 'package.json'), 'utf8'),
  ).version
  const hasLiveKit = (file) => {
    const code = readFileSync(path.join(dist, file), 'utf8')
    return ['`', '"', "'"].some((q) => code.includes(`${q}${lkVersion}${q}`))
  }
  const jsFiles = files.filter((f) => f.endsWith('.js'))
  const workers = new Set(Object.values(graph).flatMap((n) => n.workers))
  const livekitChunks = jsFiles.filter((f) => !workers.has(f) && hasLiveKit(f))
  const textWithLiveKit = [...textSet].filter((f) => f.endsWith('.js') && hasLiveKit(f)).map(name)
  // Loaded when a person chooses audio or video: the chunks with livekit-client, the media panel
  // and the room's media state (room/media.ts), what they import that the text path has not loaded
  // yet, and the E2EE worker they start.
  const mediaRoots = [
    ...livekitChunks,
    ...(graph[room ?? entry]?.dynamic ?? []).filter((f) => /^(MediaPanel|media)-/.test(name(f))),
  ]
  const mediaSet = new Set([...closure(mediaRoots)].filter((f) => !textSet.has(f)))
  for (const f of [...mediaSet]) (graph[f]?.workers ?? []).forEach((w) => mediaSet.add(w))
  const media = sizeOf(mediaSet)
  media.files.forEach((f) => {
    const file = `assets/${f.file}`
    f.livekitClient = hasLiveKit(file)
    f.worker = [...mediaSet].some((m) => graph[m]?.workers.includes(file))
  })

  const stale = newest(path.join(root, 'web', 'src')) > statSync(html).mtimeMs
  return {
    dist: path.relative(root, dist).startsWith('..') ? dist : path.relative(root, dist),
    graph: manifest ? 'manifest' : 'parsed from the built files',
    builtAt: new Date(statSync(html).mtimeMs).toISOString(),
    stale,
    html: sizes(Buffer.from(indexHtml)),
    textPath: {
      locale: worst.locale,
      byLocale: byLocale.map((l) => ({
        locale: l.locale,
        gzip: l.total.gzip,
        brotli: l.total.brotli,
        joinScreenGzip: l.joinScreen.gzip,
        goal: l.total.gzip <= TEXT_PATH_GOAL_BYTES,
      })),
      files: worst.files,
      total: worst.total,
      joinScreenOnly: joinScreen,
      livekitInTextPath: textWithLiveKit,
      budgetBytes: TEXT_PATH_BUDGET_BYTES,
      goalBytes: TEXT_PATH_GOAL_BYTES,
      pass: worst.total.gzip <= TEXT_PATH_BUDGET_BYTES && textWithLiveKit.length === 0,
    },
    media: { livekitVersion: lkVersion, files: media.files, total: media.total },
  }
}

export function printBundle(b) {
  if (b.error) {
    console.log(`\nBundle: ${b.error}`)
    return
  }
  const row = (f) =>
    `  ${f.file.padEnd(44)} ${String(f.raw).padStart(8)} ${String(f.gzip).padStart(8)} ${String(f.brotli).padStart(8)}`
  const head = `  ${'file'.padEnd(44)} ${'raw'.padStart(8)} ${'gzip -9'.padStart(8)} ${'brotli'.padStart(8)}`
  console.log(`\nBundle sizes in bytes (${b.dist}, built ${b.builtAt}; import graph ${b.graph})`)
  if (b.stale) console.log('  note: web/src has changed since this build; the figures may be stale')
  console.log(
    `\nText-only join path /j (entry, CSS, join page, room, "${b.textPath.locale}" strings):`,
  )
  console.log(head)
  b.textPath.files.forEach((f) => console.log(row(f)))
  console.log(row({ file: 'total JS + CSS', ...b.textPath.total }))
  console.log(row({ file: '(index.html, not counted)', ...b.html }))
  console.log(
    row({ file: '(join page alone, before the room chunk)', ...b.textPath.joinScreenOnly }),
  )
  console.log(
    `\nLoaded only when a person chooses audio or video (livekit-client ${b.media.livekitVersion}):`,
  )
  console.log(head)
  b.media.files.forEach((f) =>
    console.log(
      row({
        ...f,
        file: `${f.file}${f.livekitClient ? ' [livekit-client]' : ''}${f.worker ? ' [worker]' : ''}`,
      }),
    ),
  )
  console.log(row({ file: 'total', ...b.media.total }))
  const t = b.textPath
  const verdict = (bytes, limit) => (bytes <= limit ? 'PASS' : `OVER by ${bytes - limit} B`)
  console.log(
    `\nText-only path by language, gzip -9 (DESIGN budget ≤ 30 KB = ${t.budgetBytes} B; ` +
      `issue 20 goal ≤ 22 KB = ${t.goalBytes} B):`,
  )
  for (const l of t.byLocale)
    console.log(
      `  ${l.locale}: ${String(l.gzip).padStart(6)} B = ${KB(l.gzip)} KB (brotli ${l.brotli} B; ` +
        `join screen alone ${l.joinScreenGzip} B) — budget ${verdict(l.gzip, t.budgetBytes)}, ` +
        `goal ${verdict(l.gzip, t.goalBytes)}`,
    )
  // The room's chunk comes after her first screen, while she reads the agreement (JoinPage): what
  // she waits for before she can read is the join screen alone, against the same goal.
  for (const l of t.byLocale)
    console.log(
      `  ${l.locale}, first screen only (the room fetched while she reads): ${l.joinScreenGzip} B ` +
        `— goal ${verdict(l.joinScreenGzip, t.goalBytes)}`,
    )
  console.log(
    `  livekit-client in the text path: ` +
      `${t.livekitInTextPath.length ? `${t.livekitInTextPath.join(', ')} — OVER` : 'none — PASS'}`,
  )
}

function build() {
  const out = mkdtempSync(path.join(tmpdir(), 'havre-bundle-'))
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'vite'),
    [
      'build',
      '--config',
      'web/vite.config.ts',
      '--outDir',
      out,
      '--emptyOutDir',
      '--manifest',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit', timeout: 300_000 },
  )
  return out
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let out
  try {
    if (process.argv.includes('--build')) out = build()
    const b = measureBundle(out ? { dist: out } : {})
    printBundle(b)
    if (!b.error)
      console.log(
        `\n${JSON.stringify({ bench: 'havre-bundle', at: new Date().toISOString(), ...b })}`,
      )
    process.exitCode = b.error ? 1 : 0
  } finally {
    if (out) rmSync(out, { recursive: true, force: true })
  }
}
