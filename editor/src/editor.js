// Broadsheet newsroom rich text editor.
//
// Progressive enhancement of <textarea data-editor>: the textarea stays in
// the form (hidden) and always holds the editor's HTML, so a normal form
// submit posts the article body exactly as without JavaScript. See
// editor/README.md for the DOM contract with the server.

import { Editor, Extension } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import StarterKit from '@tiptap/starter-kit'
import Link from '@tiptap/extension-link'
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table'

import { ArticleDocument, Figcaption, Figure, editFigureDetails, figureContent } from './figure.js'
import { linkDialog, pictureDialog } from './dialog.js'
import { cleanPastedHTML } from './paste.js'
import { createToolbar } from './toolbar.js'
import { csrfToken, formatTime, isSafeHref, readJSON, showStatus, statusElement, xhrUpload } from './util.js'

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp']
const AUTOSAVE_INTERVAL_MS = 10000

// Links carry an href and, when they open in a new tab, target="_blank":
// no rel, class or title (the server adds rel where it is needed).
const ArticleLink = Link.extend({
  addAttributes() {
    return {
      href: this.parent().href,
      target: {
        default: null,
        parseHTML: (el) => (el.getAttribute('target') === '_blank' ? '_blank' : null),
        renderHTML: (attrs) => (attrs.target === '_blank' ? { target: '_blank' } : {}),
      },
    }
  },
}).configure({
  openOnClick: false,
  autolink: false, // links are not inclusive, so typing after one does not extend it
  linkOnPaste: true, // pasting a URL over selected text links the text
  defaultProtocol: 'https',
  HTMLAttributes: { rel: null, class: null },
  isAllowedUri: (url) => isSafeHref(url),
  shouldAutoLink: (url) => /^https?:\/\//i.test(url),
})

// Tables: a grid of cells holding paragraphs (bold, italic, links), as
// pasted from a spreadsheet, a word processor or a web page; the first row
// may be headings. No spans, no column widths.
const cellContent = { content: 'paragraph+' }
const ArticleTable = [
  Table.configure({ resizable: false, HTMLAttributes: { class: 'rte-table' } }),
  TableRow,
  TableHeader.extend(cellContent),
  TableCell.extend(cellContent),
]

// The article schema: paragraphs, h2/h3, bold, italic, links, bulleted and
// numbered lists, blockquotes, tables and figures. Everything else in StarterKit is
// switched off so pasted or typed content cannot produce it.
const articleExtensions = () => [
  ArticleDocument,
  StarterKit.configure({
    document: false,
    heading: { levels: [2, 3] },
    code: false,
    codeBlock: false,
    strike: false,
    underline: false,
    horizontalRule: false,
    hardBreak: false,
    link: false,
  }),
  ArticleLink,
  Figure,
  Figcaption,
  ...ArticleTable,
]

// HTML written back into the textarea: empty paragraphs (including the
// trailing one kept after a final figure) are dropped; an empty document is
// the empty string.
function serialize(editor) {
  return editor.getHTML().replace(/<p><\/p>/g, '')
}

// ---------------------------------------------------------------- autosave

const autosavers = new Map() // form -> autosaver
const editorsByForm = new Map() // form -> [{editor, textarea}]

function syncForm(form) {
  for (const { editor, textarea } of editorsByForm.get(form) || []) {
    textarea.value = serialize(editor)
  }
}

function formDataSize(data) {
  let size = 0
  for (const [key, value] of data.entries()) {
    size += key.length + (typeof value === 'string' ? value.length * 3 : value.size) + 64
  }
  return size
}

// watchForm calls onChange on every edit and reports whether the form is
// being submitted (a submit another handler cancels, e.g. a confirmation,
// does not count; coming back to the page resets it).
function watchForm(form, onChange) {
  let submitting = false
  form.addEventListener('input', onChange)
  form.addEventListener('change', onChange)
  form.addEventListener('submit', (event) => {
    submitting = true
    setTimeout(() => {
      if (event.defaultPrevented) submitting = false
    }, 0)
  })
  window.addEventListener('pageshow', () => {
    submitting = false
  })
  return () => submitting
}

function setupAutosave(form) {
  const url = form.dataset.autosaveUrl
  if (!url) return null
  let dirty = false
  let inflight = null
  let stopped = false

  const markDirty = () => {
    dirty = true
  }
  const isSubmitting = watchForm(form, markDirty)

  async function post({ keepalive = false } = {}) {
    syncForm(form)
    const data = new FormData(form)
    dirty = false // changes made while the request runs mark it dirty again
    const status = statusElement(form)
    let response
    try {
      response = await fetch(url, {
        method: 'POST',
        body: data,
        headers: { 'X-CSRF-Token': csrfToken(), Accept: 'application/json' },
        credentials: 'same-origin',
        keepalive: keepalive && formDataSize(data) < 60000,
      })
    } catch {
      dirty = true
      if (!isSubmitting()) showStatus(status, 'Draft not saved: the server could not be reached. Retrying…', 'error')
      return { ok: false, error: 'network error' }
    }
    const result = await readJSON(response)
    if (response.status === 409 && result.conflict) {
      // Someone else saved this article meanwhile: stop autosaving, so this
      // tab cannot overwrite their work; the writer decides what to keep.
      stopped = true
      dirty = true
      showStatus(status, result.error, 'error')
      return { ok: false, status: 409, error: result.error, conflict: true }
    }
    if (!response.ok || result.error) {
      // Retry server and network trouble on the next tick; a refusal (4xx,
      // e.g. a validation error or "published articles are not autosaved")
      // is retried only after the next change, not every 10 seconds.
      if (response.status >= 500 || response.status === 408 || response.status === 429) dirty = true
      const message = result.error || `Server error (HTTP ${response.status})`
      if (!isSubmitting()) showStatus(status, `Draft not saved: ${message}`, 'error')
      return { ok: false, status: response.status, error: message, field: result.field || null }
    }
    if (result.version && form.elements.version) form.elements.version.value = result.version
    let when = new Date(result.saved_at)
    if (Number.isNaN(when.getTime())) when = new Date()
    if (!isSubmitting()) showStatus(status, `Draft saved at ${formatTime(when)}`, 'saved')
    return { ok: true, saved_at: result.saved_at, revision: result.revision }
  }

  async function save({ force = false, keepalive = false } = {}) {
    // One request at a time: wait for a running one, then decide again.
    while (inflight) {
      await inflight.catch(() => {})
    }
    if (isSubmitting()) return { ok: false, skipped: 'submitting' }
    if (stopped && !force) return { ok: false, skipped: 'conflict' }
    if (!dirty && !force) return { ok: true, skipped: 'unchanged' }
    const p = post({ keepalive })
    inflight = p
    try {
      return await p
    } finally {
      if (inflight === p) inflight = null
    }
  }

  setInterval(() => {
    if (dirty && !inflight && !isSubmitting()) save()
  }, AUTOSAVE_INTERVAL_MS)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && dirty && !isSubmitting()) save({ keepalive: true })
  })

  return { markDirty, save, unsaved: () => dirty && !isSubmitting() }
}

// setupLeaveGuard asks before leaving a page whose form has changes that are
// not saved (forms without autosave, refused autosaves, a save in flight).
function setupLeaveGuard(form) {
  let changed = false
  const isSubmitting = watchForm(form, () => {
    changed = true
  })
  window.addEventListener('beforeunload', (event) => {
    if (isSubmitting()) return
    const saver = autosavers.get(form)
    const unsaved = saver ? saver.unsaved() : changed
    if (unsaved) {
      event.preventDefault()
      event.returnValue = ''
    }
  })
}

// ------------------------------------------------------------------ editor

function findLabel(textarea) {
  if (textarea.labels && textarea.labels.length) return textarea.labels[0]
  if (textarea.id) return document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`)
  return null
}

let uid = 0

function initEditor(textarea) {
  if (textarea.dataset.editorReady) return null
  textarea.dataset.editorReady = 'true'
  uid += 1
  const form = textarea.form
  const baseId = textarea.id || `rte-${uid}`

  const label = findLabel(textarea)
  let labelId = null
  if (label) {
    if (!label.id) label.id = `${baseId}-label`
    labelId = label.id
  }

  const wrapper = document.createElement('div')
  wrapper.className = 'rte'
  const body = document.createElement('div')
  body.className = 'rte-body'
  const fileInput = document.createElement('input')
  fileInput.type = 'file'
  fileInput.accept = IMAGE_TYPES.join(',')
  fileInput.hidden = true
  fileInput.tabIndex = -1
  fileInput.setAttribute('data-editor-file', '')
  fileInput.setAttribute('aria-hidden', 'true')
  // No name: the file input is never part of the submitted form.

  const contentId = `${baseId}-editor`
  const status = () => statusElement(form, wrapper)
  let editor = null
  let toolbar = null

  // --- commands
  const inFigure = () => {
    const sel = editor.state.selection
    return editor.isActive('figcaption') || (sel.node && sel.node.type.name === 'figure')
  }

  async function promptLink() {
    const current = editor.getAttributes('link')
    const answer = await linkDialog({ href: current.href || '', newTab: current.target === '_blank', editing: editor.isActive('link') })
    if (answer === null) {
      editor.commands.focus()
      return
    }
    if (answer.href === '') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run()
      return
    }
    const link = { href: answer.href, target: answer.newTab ? '_blank' : null }
    if (editor.isActive('link')) {
      editor.chain().focus().extendMarkRange('link').setLink(link).run()
    } else if (editor.state.selection.empty) {
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: link.href, marks: [{ type: 'link', attrs: link }] })
        .unsetMark('link')
        .run()
    } else {
      editor.chain().focus().setLink(link).run()
    }
  }

  // selectedFigure finds the figure the selection is on or in.
  function selectedFigure() {
    const sel = editor.state.selection
    if (sel.node && sel.node.type.name === 'figure') return { pos: sel.from }
    const $from = sel.$from
    for (let d = $from.depth; d > 0; d--) {
      if ($from.node(d).type.name === 'figure') return { pos: $from.before(d) }
    }
    return null
  }

  function insertFigure(attrs) {
    const hadFocus = editor.isFocused || wrapper.contains(document.activeElement) || document.activeElement === document.body
    const { selection } = editor.state
    const { $from } = selection
    const before = selection.from
    const content = figureContent(attrs)
    if ($from.depth === 0) {
      // A selected figure (or a gap cursor): insert after it.
      editor.chain().insertContentAt(selection.to, content).run()
    } else if ($from.depth === 1 && $from.parent.isTextblock) {
      // In a top-level paragraph or heading: an empty one is replaced, a
      // full one is split at the cursor (Tiptap does both).
      editor.chain().insertContent(content).run()
    } else {
      // Inside a list or quote: after that whole block.
      editor.chain().insertContentAt($from.after(1), content).run()
    }
    // Put the cursor in the new figure's caption.
    let best = null
    editor.state.doc.descendants((node, pos) => {
      if (node.type.name === 'figure' && node.attrs.src === attrs.src && node.textContent === '') {
        if (best === null || Math.abs(pos - before) < Math.abs(best - before)) best = pos
      }
      return node.type.name !== 'figure'
    })
    if (best !== null) {
      const tr = editor.state.tr.setSelection(TextSelection.create(editor.state.doc, best + 2)).scrollIntoView()
      editor.view.dispatch(tr)
    }
    if (hadFocus) editor.commands.focus()
  }

  // addPicture opens the picture dialog: for a file dropped, pasted or
  // chosen (uploaded when the dialog is confirmed), or, with no file, to
  // upload one or choose one from the library; with its description,
  // caption and credit.
  async function addPicture(file) {
    const st = status()
    if (file && !IMAGE_TYPES.includes(file.type)) {
      showStatus(st, `Image not added: “${file.name}” is not a JPEG, PNG, GIF or WebP image.`, 'error')
      return { ok: false }
    }
    const uploadUrl = form && form.dataset.uploadUrl
    if (!uploadUrl) {
      showStatus(st, 'Image not added: image upload is not available on this page.', 'error')
      return { ok: false }
    }
    const searchUrl = (form && form.dataset.mediaSearchUrl) || '/newsroom/media/search.json'
    const result = await pictureDialog({
      file,
      upload: (f, fields, onProgress) => xhrUpload(uploadUrl, f, fields, onProgress),
      search: async (q, page) => {
        const r = await fetch(`${searchUrl}?kind=pictures&page=${page}&q=${encodeURIComponent(q)}`, {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
        })
        if (!r.ok) throw new Error(`HTTP ${r.status}`)
        return r.json()
      },
    })
    if (!result) {
      editor.commands.focus()
      return { ok: false }
    }
    insertFigure(result)
    showStatus(st, result.alt ? 'Picture added.' : 'Picture added. It still needs a description before the story is published.', 'saved')
    return { ok: true }
  }

  async function uploadImages(files) {
    for (const file of files) await addPicture(file)
  }

  const imageFilesOf = (transfer) =>
    transfer && transfer.files ? Array.from(transfer.files).filter((f) => f.type.startsWith('image/')) : []

  function run(cmd) {
    const chain = () => editor.chain().focus()
    switch (cmd) {
      case 'bold':
        return chain().toggleBold().run()
      case 'italic':
        return chain().toggleItalic().run()
      case 'link':
        return promptLink()
      case 'unlink':
        return chain().extendMarkRange('link').unsetLink().run()
      case 'h2':
        return chain().toggleHeading({ level: 2 }).run()
      case 'h3':
        return chain().toggleHeading({ level: 3 }).run()
      case 'paragraph':
        return chain().setParagraph().run()
      case 'quote':
        return chain().toggleBlockquote().run()
      case 'bullet':
        return chain().toggleBulletList().run()
      case 'ordered':
        return chain().toggleOrderedList().run()
      case 'image': {
        // On a picture (selected, or the cursor in its caption) the button
        // opens that picture's details: the keyboard's way to them.
        const at = selectedFigure()
        if (at) return editFigureDetails(editor, () => at.pos, () => editor.state.doc.nodeAt(at.pos))
        return addPicture(null)
      }
      case 'undo':
        return chain().undo().run()
      case 'redo':
        return chain().redo().run()
      default:
        return false
    }
  }

  function state(cmd) {
    const can = editor.can()
    const editable = editor.isEditable
    const fig = inFigure()
    switch (cmd) {
      case 'bold':
        return { active: editor.isActive('bold'), enabled: editable && can.toggleBold() }
      case 'italic':
        return { active: editor.isActive('italic'), enabled: editable && can.toggleItalic() }
      case 'link':
        return { active: editor.isActive('link'), enabled: editable && !fig }
      case 'unlink':
        return { active: false, enabled: editable && editor.isActive('link') }
      case 'h2':
        return { active: editor.isActive('heading', { level: 2 }), enabled: editable && !fig && can.toggleHeading({ level: 2 }) }
      case 'h3':
        return { active: editor.isActive('heading', { level: 3 }), enabled: editable && !fig && can.toggleHeading({ level: 3 }) }
      case 'paragraph':
        return { active: !fig && editor.isActive('paragraph'), enabled: editable && !fig }
      case 'quote':
        return { active: editor.isActive('blockquote'), enabled: editable && !fig && can.toggleBlockquote() }
      case 'bullet':
        return { active: editor.isActive('bulletList'), enabled: editable && !fig && can.toggleBulletList() }
      case 'ordered':
        return { active: editor.isActive('orderedList'), enabled: editable && !fig && can.toggleOrderedList() }
      case 'image':
        return { active: fig, enabled: editable && (fig || Boolean(form && form.dataset.uploadUrl)) }
      case 'undo':
        return { active: false, enabled: editable && can.undo() }
      case 'redo':
        return { active: false, enabled: editable && can.redo() }
      default:
        return { active: false, enabled: true }
    }
  }

  toolbar = createToolbar({
    label: label ? `${label.textContent.trim()} formatting` : 'Formatting',
    controls: contentId,
    run,
    state,
    onEscape: () => editor.commands.focus(),
  })

  const EditorKeys = Extension.create({
    name: 'broadsheetKeys',
    addKeyboardShortcuts() {
      return {
        'Mod-k': () => {
          if (!inFigure()) promptLink()
          return true
        },
        // Common editor convention: Alt+F10 moves focus to the toolbar.
        'Alt-F10': () => {
          toolbar.focus()
          return true
        },
      }
    },
  })

  const attributes = {
    id: contentId,
    class: 'rte-content',
    role: 'textbox',
    'aria-multiline': 'true',
  }
  if (labelId) attributes['aria-labelledby'] = labelId
  else attributes['aria-label'] = textarea.getAttribute('aria-label') || 'Article body'
  const describedBy = textarea.getAttribute('aria-describedby')
  if (describedBy) attributes['aria-describedby'] = describedBy
  if (textarea.getAttribute('aria-invalid')) attributes['aria-invalid'] = textarea.getAttribute('aria-invalid')
  if (textarea.getAttribute('aria-invalid') === 'true') wrapper.classList.add('is-invalid')

  wrapper.append(toolbar.element, body, fileInput)
  textarea.parentNode.insertBefore(wrapper, textarea)

  editor = new Editor({
    element: body,
    extensions: [...articleExtensions(), EditorKeys],
    content: textarea.value,
    injectCSS: false,
    editable: !(textarea.disabled || textarea.readOnly),
    editorProps: {
      attributes,
      transformPastedHTML: cleanPastedHTML,
      handlePaste(view, event) {
        const files = imageFilesOf(event.clipboardData)
        // Word and others put a picture of the selection next to the HTML:
        // prefer the HTML.
        if (!files.length || event.clipboardData.getData('text/html')) return false
        event.preventDefault()
        uploadImages(files)
        return true
      },
      handleDrop(view, event, slice, moved) {
        const files = imageFilesOf(event.dataTransfer)
        if (moved || !files.length) return false
        event.preventDefault()
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY })
        if (at) view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(at.pos))))
        uploadImages(files)
        return true
      },
    },
  })

  textarea.hidden = true
  textarea.classList.add('rte-source')
  // A hidden required field cannot be focused to report it; the server
  // validates the body anyway.
  textarea.required = false

  const onChange = () => {
    textarea.value = serialize(editor)
    const saver = autosavers.get(form)
    if (saver) saver.markDirty()
  }
  editor.on('update', onChange)
  editor.on('transaction', () => toolbar.update())
  editor.on('focus', () => wrapper.classList.add('is-focused'))
  editor.on('blur', () => wrapper.classList.remove('is-focused'))
  toolbar.update()

  fileInput.addEventListener('change', () => {
    const files = Array.from(fileInput.files || [])
    fileInput.value = ''
    uploadImages(files)
  })

  if (label) {
    label.addEventListener('click', (event) => {
      event.preventDefault()
      editor.commands.focus()
    })
  }

  if (form) {
    if (!editorsByForm.has(form)) {
      editorsByForm.set(form, [])
      form.addEventListener('submit', () => syncForm(form))
      // Any FormData built from the form (fetch code elsewhere, tests) gets
      // the current editor HTML too.
      form.addEventListener('formdata', (event) => {
        for (const { editor: ed, textarea: ta } of editorsByForm.get(form)) {
          if (ta.name && !ta.disabled) event.formData.set(ta.name, serialize(ed))
        }
      })
    }
    editorsByForm.get(form).push({ editor, textarea })
  }

  return { editor, textarea, uploadImage: addPicture }
}

// -------------------------------------------------------------------- boot

const instances = []
const guarded = new WeakSet()

function boot() {
  for (const form of document.querySelectorAll('form[data-autosave-url]')) {
    if (!autosavers.has(form)) {
      const saver = setupAutosave(form)
      if (saver) autosavers.set(form, saver)
    }
  }
  for (const textarea of document.querySelectorAll('textarea[data-editor]')) {
    const instance = initEditor(textarea)
    if (instance) instances.push(instance)
    if (textarea.form && !guarded.has(textarea.form)) {
      guarded.add(textarea.form)
      setupLeaveGuard(textarea.form)
    }
  }
}

window.broadsheetEditor = {
  // Save every autosaving form now, changed or not. Resolves with
  // {ok: true, saved_at, revision} or {ok: false, error, field} (an array
  // of those when the page has several autosaving forms; null when none).
  autosaveNow() {
    const savers = Array.from(autosavers.values())
    if (!savers.length) return Promise.resolve(null)
    return Promise.all(savers.map((s) => s.save({ force: true }))).then((r) => (r.length === 1 ? r[0] : r))
  },
  get editors() {
    return instances.map((i) => i.editor)
  },
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot)
else boot()
