#!/usr/bin/env node
// Renders every page of src/main/docs to build/<page>.html with Asciidoctor.js: one shared stylesheet, a table of
// contents per page, the pages' navigation, xref:page.adoc[] as page.html links, and Java/YAML/XML tab groups
// (@asciidoctor/tabs, the syntax Camel's own pages use). Then checks what it wrote: every in-page anchor, every link
// to another page and its anchor, every relative link to a file, and no AsciiDoc syntax left in the text.
//
//   node build.js            build, print problems, exit 0
//   node build.js --strict   build, exit 1 on any problem or Asciidoctor warning (what .ci/check-docs runs)
'use strict'

const fs = require('fs')
const path = require('path')

const ROOT = path.resolve(__dirname, '..')
const SRC = path.join(ROOT, 'src', 'main', 'docs')
const OUT = path.join(__dirname, 'build')
const STRICT = process.argv.includes('--strict')

// The order of the navigation; a page not listed here comes after these, by name.
const ORDER = [
  'loganalytics-component', 'getting-started', 'emulator', 'migration', 'data-collector', 'camel-k-and-jbang',
  'spring-boot', 'quarkus', 'scaling-out', 'performance', 'troubleshooting'
]

const asciidoctor = require('@asciidoctor/core')()

const logger = asciidoctor.MemoryLogger.create()
asciidoctor.LoggerManager.setLogger(logger)

const pages = fs.readdirSync(SRC).filter((f) => f.endsWith('.adoc')).map((f) => f.slice(0, -5))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))

function rank (page) {
  const i = ORDER.indexOf(page)
  return i < 0 ? ORDER.length : i
}

const titles = {}
for (const page of pages) {
  // the page's own title line (= ...), shorter than its :doctitle:
  const first = fs.readFileSync(path.join(SRC, page + '.adoc'), 'utf8').match(/^= (.+)$/m)
  titles[page] = first ? first[1].trim() : page
}

// The extensions of one page: Java/YAML/XML tab groups, the site's stylesheet, and the navigation between pages at the
// top of the body. A registry serves one document: its docinfo processors are not run again for the next one.
function extensions () {
  const registry = asciidoctor.Extensions.create()
  require('@asciidoctor/tabs').register(registry)
  registry.docinfoProcessor(function () {
    this.atLocation('header')
    this.process(function (doc) {
      const current = path.basename(doc.getAttribute('docfile') || '', '.adoc')
      const links = pages.map((page) => {
        const label = page === 'loganalytics-component' ? 'User guide' : titles[page]
        const cls = page === current ? ' class="current"' : ''
        return `<li><a href="${page}.html"${cls}>${escapeHtml(label)}</a></li>`
      })
      return '<nav class="site-nav"><a class="site-home" href="index.html">camel-loganalytics</a><ul>' +
        links.join('') + '</ul></nav>'
    })
  })
  registry.docinfoProcessor(function () {
    this.atLocation('head')
    this.process(() => '<link rel="stylesheet" href="site.css">')
  })
  return registry
}

const options = {
  safe: 'unsafe', // includes reach the compiled sources of the other modules (../../../<module>/...)
  to_file: false,
  standalone: true,
  attributes: {
    toc: 'left',
    toclevels: 3,
    sectanchors: '',
    linkcss: '',
    stylesdir: '.',
    stylesheet: 'asciidoctor.css',
    'webfonts!': '', // no fonts from the network: the site reads offline
    'relfileprefix': '',
    'outfilesuffix': '.html',
    'tabs-sync-option': '', // choosing Java (or YAML, XML) in one tab group chooses it in all of them
    'source-language': 'text',
    nofooter: ''
  }
}

fs.rmSync(OUT, { recursive: true, force: true })
fs.mkdirSync(OUT, { recursive: true })
fs.copyFileSync(require.resolve('@asciidoctor/core/dist/css/asciidoctor.css'), path.join(OUT, 'asciidoctor.css'))
const tabsDist = path.join(path.dirname(require.resolve('@asciidoctor/tabs/package.json')), 'dist')
fs.copyFileSync(path.join(tabsDist, 'css', 'tabs.css'), path.join(OUT, 'asciidoctor-tabs.css'))
fs.copyFileSync(path.join(tabsDist, 'js', 'tabs.js'), path.join(OUT, 'asciidoctor-tabs.js'))
fs.copyFileSync(path.join(__dirname, 'site.css'), path.join(OUT, 'site.css'))
// the pages' pictures (image::images/...[]), at the same place relative to the pages as in the sources
if (fs.existsSync(path.join(SRC, 'images'))) {
  fs.cpSync(path.join(SRC, 'images'), path.join(OUT, 'images'), { recursive: true })
}

const problems = []
const html = {}
for (const page of pages) {
  const before = logger.getMessages().length
  html[page] = rewriteFileLinks(asciidoctor.convertFile(path.join(SRC, page + '.adoc'),
    Object.assign({ extension_registry: extensions() }, options)))
  for (const message of logger.getMessages().slice(before)) {
    const where = message.getSourceLocation()
    const line = where && where.getLineNumber ? ':' + where.getLineNumber() : ''
    problems.push(`${page}.adoc${line}: asciidoctor ${message.getSeverity()}: ${message.getText()}`)
  }
}

// index.html: the pages, in the navigation's order
const index = ['= camel-loganalytics documentation', ':toc!:', '',
  'An Apache Camel 4 component, scheme `loganalytics:`, that ships records from any Camel route to Azure Monitor Log' +
  ' Analytics.', '']
  .concat(pages.map((page) => `* xref:${page}.adoc[${titles[page].replace(/]/g, '\\]')}]`)).join('\n')
html.index = asciidoctor.convert(index, Object.assign({ extension_registry: extensions() }, options, { base_dir: SRC, attributes: Object.assign({}, options.attributes, { toc: null, docfile: path.join(SRC, 'index.adoc') }) }))

for (const [page, text] of Object.entries(html)) {
  fs.writeFileSync(path.join(OUT, page + '.html'), text)
}

check()

const files = Object.keys(html).length
if (problems.length) {
  console.error(problems.join('\n'))
  console.error(`${problems.length} problem(s) in ${files} pages written to ${path.relative(process.cwd(), OUT) || '.'}`)
  process.exit(STRICT ? 1 : 0)
}
console.log(`${files} pages written to ${path.relative(process.cwd(), OUT) || OUT}, every link and anchor resolved`)

/**
 * Relative links to files of the repository (link:../../../README.md[]) are written relative to src/main/docs, as a
 * Git host resolves them; in the site they are made relative to the build directory.
 */
function rewriteFileLinks (text) {
  return text.replace(/(<a\s[^>]*?href=")([^"#:?]+)(#[^"]*)?"/g, (all, start, target, fragment) => {
    if (target.endsWith('.html')) {
      return all
    }
    const file = path.resolve(SRC, target)
    return `${start}${path.relative(OUT, file).split(path.sep).join('/')}${fragment || ''}"`
  })
}

function check () {
  const ids = {}
  for (const [page, text] of Object.entries(html)) {
    ids[page] = new Set([...text.matchAll(/\sid="([^"]+)"/g)].map((m) => unescapeHtml(m[1])))
  }
  for (const [page, text] of Object.entries(html)) {
    for (const m of text.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
      const href = unescapeHtml(m[1])
      if (/^(https?:|mailto:)/.test(href)) {
        if (/[<>]|&#8230;/.test(m[1] + href)) { // a placeholder (https://<workspaceId>, https://...) made into a link
          problems.push(`${page}: a placeholder made into a link: ${href} (write it as \\https://... or +...+)`)
        }
        continue
      }
      if (href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href)) {
        problems.push(`${page}: link to '${href}'`)
        continue
      }
      const [target, fragment] = splitOnce(href, '#')
      if (target === '') {
        if (!ids[page].has(fragment)) {
          problems.push(`${page}: no anchor '#${fragment}' in the page (a <<...>> or [[...]] that does not resolve)`)
        }
      } else if (target.endsWith('.html')) {
        const other = target.slice(0, -5)
        if (!ids[other]) {
          problems.push(`${page}: link to a page that does not exist: ${href}`)
        } else if (fragment !== undefined && !ids[other].has(fragment)) {
          problems.push(`${page}: no anchor '#${fragment}' in ${target}`)
        }
      } else if (!fs.existsSync(path.resolve(OUT, decodeURIComponent(target)))) {
        problems.push(`${page}: link to a file that does not exist: ${href}`)
      }
    }
    // the stylesheets, scripts and images the page loads
    for (const m of text.matchAll(/<(?:link|script|img)\s[^>]*(?:href|src)="([^"]*)"/g)) {
      const asset = unescapeHtml(m[1])
      if (!/^(https?:|data:)/.test(asset) && !fs.existsSync(path.resolve(OUT, asset.split(/[?#]/)[0]))) {
        problems.push(`${page}: loads a file that does not exist: ${asset}`)
      }
    }
    // AsciiDoc syntax that was not converted, in the text a reader sees (code is left alone)
    const prose = text.replace(/<pre[\s\S]*?<\/pre>/g, '').replace(/<code[\s\S]*?<\/code>/g, '')
      .replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ')
    for (const pattern of [/xref:\S+/, /&lt;&lt;[^&]*&gt;&gt;/, /include::\S+/, /\blink:\S+\[/, /^\s*(={2,6}|\.{4}|-{4}|\|===)\s/m,
      /\[(source|tabs|cols)[,=\]]/, /\S*`\S*/]) {
      const found = prose.match(pattern)
      if (found) {
        problems.push(`${page}: AsciiDoc left unconverted: '${unescapeHtml(found[0]).trim()}'`)
      }
    }
  }
}

function splitOnce (text, separator) {
  const i = text.indexOf(separator)
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)]
}

function escapeHtml (text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function unescapeHtml (text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#8217;/g, '\u2019')
    .replace(/&amp;/g, '&')
}
