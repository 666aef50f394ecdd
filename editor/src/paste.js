// Cleaning of HTML pasted from word processors (Microsoft Word, LibreOffice,
// Google Docs) and web pages. The editor's schema already drops anything it
// does not know, but several kinds of cruft survive a schema-only parse or
// are misread by it:
//
//   * Google Docs wraps the whole clipboard in
//     <b style="font-weight:normal" id="docs-internal-guid-…">, and marks
//     bold/italic with inline styles on <span>s instead of <b>/<i>.
//   * Word writes lists as <p class=MsoListParagraph style='mso-list:l0 level1
//     lfo1'> with the bullet glyph as text, empty paragraphs as
//     <p class=MsoNormal><o:p>&nbsp;</o:p></p>, conditional comments, XML
//     islands and namespaced elements (o:p, v:shape, w:…).
//   * Everyone uses <br> for soft line breaks, which the article schema has
//     no node for.
//
// cleanPastedHTML() turns all of that into plain semantic HTML: paragraphs,
// h2/h3, strong/em, links with a safe href, lists and blockquotes.

import { isSafeHref } from './util.js'

const DROP_TAGS =
  'style,script,meta,link,title,xml,template,iframe,frame,object,embed,applet,svg,math,canvas,video,audio,source,track,map,form,input,button,select,option,textarea,noscript,del,head'

// Attributes that survive cleaning, per element; everything else is removed.
const KEEP_ATTRS = {
  a: ['href'],
  img: ['src', 'alt', 'data-media-id', 'data-credit'],
  ol: ['start'],
}

const HEADING_MAP = { H1: 'h2', H2: 'h2', H3: 'h3', H4: 'h3', H5: 'h3', H6: 'h3' }

function unwrap(el) {
  const parent = el.parentNode
  if (!parent) return
  while (el.firstChild) parent.insertBefore(el.firstChild, el)
  parent.removeChild(el)
}

function rename(el, tag) {
  const repl = el.ownerDocument.createElement(tag)
  while (el.firstChild) repl.appendChild(el.firstChild)
  el.parentNode.replaceChild(repl, el)
  return repl
}

function wrapChildren(el, tag) {
  const wrapper = el.ownerDocument.createElement(tag)
  while (el.firstChild) wrapper.appendChild(el.firstChild)
  el.appendChild(wrapper)
}

function removeComments(root) {
  const doc = root.ownerDocument
  const walker = doc.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */)
  const comments = []
  while (walker.nextNode()) comments.push(walker.currentNode)
  comments.forEach((c) => c.remove())
}

function textOf(node) {
  return (node.textContent || '').replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim()
}


// The pages run under a strict Content-Security-Policy, and Chromium applies
// the page's policy to every document a script parses HTML into (DOMParser,
// createHTMLDocument, <template>): parsing pasted markup that carries style
// attributes, <style> elements or on* handlers reports a CSP violation for
// each one (and the styles are not applied, so they cannot be read back).
// So before any DOM parsing the raw markup is rewritten at the tag level:
// <style>, <script> and similar raw-text elements are cut out, on*
// attributes are dropped and style="…" is renamed to data-rte-style="…",
// where the cleaner below reads it as plain text.
const RAW_TEXT = /^(style|script|xmp|iframe|noembed|noframes|noscript|textarea|title)$/i

function neutralizeAttributes(tag) {
  // tag is "<name attr=… …>" (or "…/>"): rebuild it attribute by attribute.
  const m = /^<([a-zA-Z][^\s/>]*)/.exec(tag)
  let out = `<${m[1]}`
  let i = m[0].length
  const n = tag.length
  while (i < n) {
    const c = tag[i]
    if (c === '>' || (c === '/' && tag[i + 1] === '>')) break
    if (/[\s/]/.test(c)) {
      i++
      continue
    }
    let j = i
    while (j < n && !/[\s/>=]/.test(tag[j])) j++
    const name = tag.slice(i, j)
    i = j
    while (i < n && /\s/.test(tag[i])) i++
    let value = null
    if (tag[i] === '=') {
      i++
      while (i < n && /\s/.test(tag[i])) i++
      const q = tag[i]
      if (q === '"' || q === "'") {
        const end = tag.indexOf(q, i + 1)
        value = tag.slice(i + 1, end < 0 ? n : end)
        i = end < 0 ? n : end + 1
      } else {
        let k = i
        while (k < n && !/[\s>]/.test(tag[k])) k++
        value = tag.slice(i, k)
        i = k
      }
    }
    if (!name || /^on/i.test(name)) continue
    const outName = name.toLowerCase() === 'style' ? 'data-rte-style' : name
    out += value === null ? ` ${outName}` : ` ${outName}="${value.replace(/"/g, '&quot;')}"`
  }
  return `${out}>`
}

export function neutralizeHTML(html) {
  let out = ''
  let i = 0
  const n = html.length
  while (i < n) {
    const lt = html.indexOf('<', i)
    if (lt < 0) {
      out += html.slice(i)
      break
    }
    out += html.slice(i, lt)
    i = lt
    if (html.startsWith('<!--', i)) {
      // Comments (including Word's conditional comments) are dropped.
      const end = html.indexOf('-->', i + 4)
      i = end < 0 ? n : end + 3
      continue
    }
    if (html[i + 1] === '!' || html[i + 1] === '?') {
      // <!DOCTYPE …>, <![if …]>, <?xml …?>
      const end = html.indexOf('>', i)
      i = end < 0 ? n : end + 1
      continue
    }
    const start = /^<([a-zA-Z][^\s/>]*)/.exec(html.slice(i, i + 64))
    if (!start) {
      if (html[i + 1] === '/') {
        const end = html.indexOf('>', i)
        out += html.slice(i, end < 0 ? n : end + 1)
        i = end < 0 ? n : end + 1
      } else {
        out += '&lt;'
        i++
      }
      continue
    }
    // Find the end of the start tag, skipping quoted attribute values.
    let j = i + start[0].length
    let quote = null
    while (j < n) {
      const c = html[j]
      if (quote) {
        if (c === quote) quote = null
      } else if (c === '"' || c === "'") {
        // Only a quote that opens an attribute value counts.
        if (/=\s*$/.test(html.slice(Math.max(i, j - 8), j))) quote = c
      } else if (c === '>') break
      j++
    }
    const tag = html.slice(i, j + 1)
    i = j + 1
    const name = start[1]
    if (RAW_TEXT.test(name)) {
      const close = html.toLowerCase().indexOf(`</${name.toLowerCase()}`, i)
      const end = close < 0 ? -1 : html.indexOf('>', close)
      i = end < 0 ? n : end + 1
      continue
    }
    out += neutralizeAttributes(tag)
  }
  return out
}

// Declarations of a (neutralized) style attribute, lower-cased:
// "font-weight:700; font-style:italic" -> {"font-weight": "700", ...}
function styleOf(el) {
  const decls = {}
  for (const part of (el.getAttribute('data-rte-style') || '').split(';')) {
    const colon = part.indexOf(':')
    if (colon > 0) decls[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim().toLowerCase()
  }
  return decls
}

const MSO_LIST_RE = /mso-list:\s*l(\d+)\s+level(\d+)/i
const ORDERED_MARKER_RE = /^\(?([0-9]{1,3}|[a-z]|[ivxlcdm]{1,6})[.)]/i

function wordListInfo(p) {
  if (p.nodeName !== 'P') return null
  const m = MSO_LIST_RE.exec(p.getAttribute('data-rte-style') || '')
  return m ? { list: m[1], level: parseInt(m[2], 10) } : null
}

// Word writes every list item as a paragraph carrying `mso-list:lN levelM`
// with the bullet or number as literal text inside a
// <span style='mso-list:Ignore'>. Rebuild real (nested) <ul>/<ol> elements.
function convertWordLists(body) {
  const doc = body.ownerDocument
  const done = new Set()
  for (const first of Array.from(body.querySelectorAll('p'))) {
    if (done.has(first) || !wordListInfo(first)) continue
    const group = []
    for (let el = first; el && wordListInfo(el); el = el.nextElementSibling) {
      group.push(el)
      done.add(el)
    }
    const stack = []
    for (const para of group) {
      const { level } = wordListInfo(para)
      const markerEl = para.querySelector('[data-rte-style*="mso-list:ignore" i], [data-rte-style*="mso-list: ignore" i]')
      const marker = markerEl ? textOf(markerEl) : ''
      if (markerEl) markerEl.remove()
      const tag = ORDERED_MARKER_RE.test(marker) ? 'ol' : 'ul'

      while (stack.length && stack[stack.length - 1].level > level) stack.pop()
      let top = stack[stack.length - 1]
      if (!top) {
        const list = doc.createElement(tag)
        para.parentNode.insertBefore(list, para)
        top = { level, list }
        stack.push(top)
      } else if (top.level < level) {
        const list = doc.createElement(tag)
        const lastItem = top.list.lastElementChild || top.list.appendChild(doc.createElement('li'))
        lastItem.appendChild(list)
        top = { level, list }
        stack.push(top)
      }
      const li = doc.createElement('li')
      const p = doc.createElement('p')
      while (para.firstChild) p.appendChild(para.firstChild)
      li.appendChild(p)
      top.list.appendChild(li)
      para.remove()
    }
  }
}

// Split a paragraph or heading at each <br> into separate blocks of the same
// kind; the article schema has no hard line breaks.
function splitAtBreaks(block) {
  const doc = block.ownerDocument
  let br
  while ((br = block.querySelector('br'))) {
    const range = doc.createRange()
    range.setStart(block, 0)
    range.setEndBefore(br)
    const before = doc.createElement(block.nodeName)
    before.appendChild(range.extractContents())
    block.parentNode.insertBefore(before, block)
    br.remove()
  }
}

function isBoldWeight(w) {
  if (!w) return false
  if (w.startsWith('bold')) return true
  const n = parseInt(w, 10)
  return !Number.isNaN(n) && n >= 600
}

function isNormalWeight(w) {
  if (!w) return false
  if (w.startsWith('normal') || w.startsWith('lighter')) return true
  const n = parseInt(w, 10)
  return !Number.isNaN(n) && n < 600
}

export function cleanPastedHTML(html) {
  // Content copied from a ProseMirror editor (this one, or another tab of it)
  // is already in the article schema; leave it alone.
  if (/data-pm-slice/.test(html)) return html

  const doc = new DOMParser().parseFromString(neutralizeHTML(html), 'text/html')
  const body = doc.body
  if (!body) return ''

  removeComments(body)
  body.querySelectorAll(DROP_TAGS).forEach((el) => el.remove())

  // Office namespaces: o:p (empty-paragraph filler), v:* (VML shapes),
  // w:* and m:* are dropped with their content; other prefixed elements
  // (smart tags such as st1:place) only wrap real text and are unwrapped.
  for (const el of Array.from(body.getElementsByTagName('*'))) {
    const name = el.nodeName.toLowerCase()
    if (!name.includes(':')) continue
    if (/^(o|v|w|m):/.test(name)) el.remove()
    else unwrap(el)
  }

  convertWordLists(body)

  // Word's "Quote" and "Intense Quote" paragraph styles.
  for (const p of Array.from(body.querySelectorAll('p[class]'))) {
    if (/^Mso(Intense)?Quote/i.test(p.getAttribute('class'))) {
      const bq = doc.createElement('blockquote')
      p.parentNode.insertBefore(bq, p)
      bq.appendChild(p)
    }
  }

  // <b>/<strong> that are not bold at all: Google Docs' outer wrapper and
  // explicitly normal-weight ones.
  for (const b of Array.from(body.querySelectorAll('b, strong'))) {
    const id = b.getAttribute('id') || ''
    if (id.startsWith('docs-internal-guid') || isNormalWeight(styleOf(b)['font-weight'])) unwrap(b)
  }
  for (const i of Array.from(body.querySelectorAll('i, em'))) {
    if (styleOf(i)['font-style'] === 'normal') unwrap(i)
  }

  // Bold and italic expressed as inline styles become <strong>/<em> before
  // the styles are stripped.
  for (const el of Array.from(body.querySelectorAll('[data-rte-style]'))) {
    const tag = el.nodeName
    const st = styleOf(el)
    if (isBoldWeight(st['font-weight']) && tag !== 'B' && tag !== 'STRONG') wrapChildren(el, 'strong')
    const fs = st['font-style'] || ''
    if ((fs.startsWith('italic') || fs.startsWith('oblique')) && tag !== 'I' && tag !== 'EM') wrapChildren(el, 'em')
  }

  // Only h2 and h3 exist in articles; headings are bold already.
  for (const h of Array.from(body.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    const heading = HEADING_MAP[h.nodeName] === h.nodeName.toLowerCase() ? h : rename(h, HEADING_MAP[h.nodeName])
    heading.querySelectorAll('b, strong').forEach(unwrap)
  }

  // Links: keep only safe hrefs; anchors, footnote references and
  // javascript: links lose the link but keep their text.
  for (const a of Array.from(body.querySelectorAll('a'))) {
    const href = (a.getAttribute('href') || '').trim()
    if (!href || !isSafeHref(href)) unwrap(a)
    else a.setAttribute('href', href)
  }

  // Images can only enter an article through the upload endpoint. Keep those
  // that are already library media (data-media-id); drop the rest (file:///
  // paths from Word, remote images the CSP would block anyway, data: URIs).
  for (const img of Array.from(body.querySelectorAll('img'))) {
    if (!img.hasAttribute('data-media-id')) img.remove()
  }
  for (const fig of Array.from(body.querySelectorAll('figure'))) {
    if (!fig.querySelector('img')) unwrap(fig)
  }

  for (const block of Array.from(body.querySelectorAll('p, h2, h3'))) splitAtBreaks(block)
  for (const br of Array.from(body.querySelectorAll('br'))) br.replaceWith(doc.createTextNode(' '))

  // Strip every attribute that is not explicitly allowed (style, class, id,
  // lang, dir, align, …).
  for (const el of Array.from(body.getElementsByTagName('*'))) {
    const keep = KEEP_ATTRS[el.nodeName.toLowerCase()] || []
    for (const attr of Array.from(el.attributes)) {
      if (!keep.includes(attr.name)) el.removeAttribute(attr.name)
    }
  }

  // Empty blocks (Word's &nbsp; paragraphs, Docs' spacer paragraphs).
  let removed = true
  while (removed) {
    removed = false
    for (const el of Array.from(body.querySelectorAll('p, h2, h3, blockquote, li, ul, ol'))) {
      if (!textOf(el) && !el.querySelector('img')) {
        el.remove()
        removed = true
      }
    }
  }

  return body.innerHTML
}
