// Figure and figcaption nodes.
//
// Serialised (editor.getHTML(), and so the textarea) exactly as
//   <figure><img src="URL" alt="ALT" data-media-id="7"><figcaption>Caption</figcaption></figure>
// (data-media-id is omitted when unknown, the caption may be empty:
// <figcaption></figcaption>). Parsed from that markup, from a figure without
// a figcaption, and from a bare <img src> (which becomes a figure with an
// empty caption).

import { Node } from '@tiptap/core'
import { NodeSelection, TextSelection } from '@tiptap/pm/state'

import { pictureDialog } from './dialog.js'

export const ALT_PROMPT = 'Describe the image for readers who cannot see it'

function imgAttrs(img) {
  return {
    src: img.getAttribute('src'),
    alt: img.getAttribute('alt') || '',
    mediaId: img.getAttribute('data-media-id') || null,
    credit: img.getAttribute('data-credit') || '',
  }
}

function buildImg(doc, attrs) {
  const img = doc.createElement('img')
  img.setAttribute('src', attrs.src || '')
  img.setAttribute('alt', attrs.alt || '')
  if (attrs.mediaId !== null && attrs.mediaId !== undefined && attrs.mediaId !== '') {
    img.setAttribute('data-media-id', String(attrs.mediaId))
  }
  if (attrs.credit) img.setAttribute('data-credit', attrs.credit)
  return img
}

export const Figcaption = Node.create({
  name: 'figcaption',
  content: 'text*',
  marks: '',
  isolating: true,
  defining: true,
  selectable: false,

  parseHTML() {
    // Only inside a figure: a stray <figcaption> must not conjure up an
    // image-less figure around itself.
    return [{ tag: 'figcaption', context: 'figure/' }]
  },

  renderHTML() {
    return ['figcaption', 0]
  },
})

// Figures live only at the top level of an article, between paragraphs:
// never inside a list item or a quote. They form their own group, which only
// the document accepts; the parser lifts a nested figure out to the top.
export const ArticleDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: '(block | figureBlock)+',
})

export const Figure = Node.create({
  name: 'figure',
  group: 'figureBlock',
  content: 'figcaption',
  isolating: true,
  defining: true,
  draggable: false,
  selectable: true,

  addAttributes() {
    // Rendered by renderHTML below, in a fixed order on the <img>.
    return {
      src: { default: null, rendered: false },
      alt: { default: '', rendered: false },
      mediaId: { default: null, rendered: false },
      credit: { default: '', rendered: false },
    }
  },

  parseHTML() {
    return [
      {
        tag: 'figure',
        priority: 60,
        getAttrs: (dom) => {
          const img = dom.querySelector('img[src]')
          return img ? imgAttrs(img) : false
        },
        // Only the caption is content; the <img> is described by attributes.
        contentElement: (dom) => {
          const wrap = dom.ownerDocument.createElement('div')
          const cap = dom.querySelector('figcaption')
          wrap.appendChild(cap ? cap.cloneNode(true) : dom.ownerDocument.createElement('figcaption'))
          return wrap
        },
      },
      {
        tag: 'img[src]',
        priority: 50,
        getAttrs: (dom) => imgAttrs(dom),
      },
    ]
  },

  renderHTML({ node }) {
    const figure = document.createElement('figure')
    figure.appendChild(buildImg(document, node.attrs))
    // The figcaption child is appended after the <img>.
    return { dom: figure, contentDOM: figure }
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      let current = node
      const dom = document.createElement('figure')
      dom.className = 'rte-figure'
      let img = buildImg(document, node.attrs)
      img.setAttribute('contenteditable', 'false')
      img.setAttribute('draggable', 'false')
      img.title = 'Double-click (or Enter when selected) to edit the description, caption and credit'
      const contentDOM = document.createElement('div')
      contentDOM.className = 'rte-figure-caption'
      dom.append(img, contentDOM)

      const sync = () => {
        const fresh = buildImg(document, current.attrs)
        for (const name of ['src', 'alt', 'data-media-id', 'data-credit']) {
          const v = fresh.getAttribute(name)
          if (v === null) img.removeAttribute(name)
          else if (img.getAttribute(name) !== v) img.setAttribute(name, v)
        }
        dom.classList.toggle('is-caption-empty', current.firstChild === null || current.firstChild.content.size === 0)
        dom.classList.toggle('is-alt-missing', !current.attrs.alt)
      }
      sync()

      img.addEventListener('dblclick', (event) => {
        event.preventDefault()
        if (!editor.isEditable) return
        editFigureDetails(editor, getPos, () => current)
      })

      return {
        dom,
        contentDOM,
        update(updated) {
          if (updated.type !== current.type) return false
          current = updated
          sync()
          return true
        },
        ignoreMutation(mutation) {
          // Only the caption is editable; changes to the <img> are ours.
          return mutation.type !== 'selection' && !contentDOM.contains(mutation.target)
        },
      }
    }
  },

  addKeyboardShortcuts() {
    const inCaption = (state) => state.selection.$from.parent.type.name === 'figcaption'
    return {
      // Enter in a caption leaves the figure: move to (or create) the
      // paragraph after it.
      Enter: ({ editor }) => {
        const { state } = editor
        if (!inCaption(state) || !state.selection.empty) return false
        const $from = state.selection.$from
        const after = $from.after($from.depth - 1)
        const next = state.doc.resolve(after).nodeAfter
        const tr = state.tr
        if (!(next && next.type.name === 'paragraph' && next.content.size === 0)) {
          tr.insert(after, state.schema.nodes.paragraph.create())
        }
        tr.setSelection(TextSelection.create(tr.doc, after + 1)).scrollIntoView()
        editor.view.dispatch(tr)
        return true
      },
      // Backspace at the start of a caption selects the whole figure, so a
      // second Backspace deletes it.
      Backspace: ({ editor }) => {
        const { state } = editor
        const { selection } = state
        if (!inCaption(state) || !selection.empty || selection.$from.parentOffset !== 0) return false
        const figurePos = selection.$from.before(selection.$from.depth - 1)
        editor.view.dispatch(state.tr.setSelection(NodeSelection.create(state.doc, figurePos)))
        return true
      },
    }
  },
})

// The JSON content for a new figure.
export function figureContent({ src, alt, mediaId, credit, caption }) {
  return {
    type: 'figure',
    attrs: { src, alt: alt || '', mediaId: mediaId === undefined || mediaId === null ? null : String(mediaId), credit: credit || '' },
    content: [caption ? { type: 'figcaption', content: [{ type: 'text', text: caption }] } : { type: 'figcaption' }],
  }
}

// editFigureDetails opens the picture dialog on a figure: its description,
// caption and credit.
export async function editFigureDetails(editor, getPos, node) {
  const current = node()
  const result = await pictureDialog({ attrs: { alt: current.attrs.alt || '', caption: current.textContent, credit: current.attrs.credit || '' } })
  if (!result) {
    editor.commands.focus()
    return
  }
  const pos = getPos()
  const now = node()
  if (typeof pos !== 'number' || now.attrs.src !== current.attrs.src) return
  let tr = editor.state.tr.setNodeMarkup(pos, undefined, { ...now.attrs, alt: result.alt, credit: result.credit })
  const cap = now.firstChild
  const from = pos + 2
  const to = from + (cap ? cap.content.size : 0)
  tr = result.caption ? tr.replaceWith(from, to, editor.schema.text(result.caption)) : tr.delete(from, to)
  editor.view.dispatch(tr)
  editor.commands.focus()
}
