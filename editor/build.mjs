// Builds the editor bundle into the Go server's static assets:
//   ../internal/web/assets/static/editor.js   one minified IIFE, no runtime imports
//   ../internal/web/assets/static/editor.css  copy of src/editor.css
// Usage (from editor/): npm ci && npm run build
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const outDir = join(here, '..', 'internal', 'web', 'assets', 'static')
const outJS = join(outDir, 'editor.js')
const outCSS = join(outDir, 'editor.css')

await mkdir(outDir, { recursive: true })

await esbuild.build({
  entryPoints: [join(here, 'src', 'editor.js')],
  outfile: outJS,
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  platform: 'browser',
  legalComments: 'eof',
  charset: 'utf8',
  sourcemap: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
})

await copyFile(join(here, 'src', 'editor.css'), outCSS)

// The pages are served with a strict Content-Security-Policy (no
// 'unsafe-eval', no inline styles): refuse a bundle that would need either.
const js = await readFile(outJS, 'utf8')
const forbidden = [
  [/\beval\s*\(/, 'eval('],
  [/\bnew\s+Function\s*\(/, 'new Function('],
  [/setAttribute\(\s*["']style["']/, "setAttribute('style', …)"],
  [/^\s*import[\s{*]/m, 'a runtime import'],
]
for (const [re, what] of forbidden) {
  if (re.test(js)) {
    console.error(`editor build: the bundle contains ${what}, which the CSP forbids`)
    process.exit(1)
  }
}
console.log(`editor build: ${outJS} (${(js.length / 1024).toFixed(1)} KiB), ${outCSS}`)
