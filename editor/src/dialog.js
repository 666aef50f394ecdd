// The editor's own dialogs (no window.prompt): a native <dialog> opened
// modally, so focus stays inside, Escape cancels, and focus returns to
// where it was. Each dialog is a small form: errors are shown next to the
// field, and what was typed is kept.

import { isSafeHref } from './util.js'

let seq = 0

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v
    else if (k in node && typeof v !== 'string') node[k] = v
    else node.setAttribute(k, v)
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c)
  return node
}

// field builds a labelled input; its error paragraph is linked by
// aria-describedby.
function field(name, label, { value = '', type = 'text', hint = '', maxLength = 500 } = {}) {
  const id = `rte-d${++seq}-${name}`
  const input = el('input', { id, name, type, value, maxLength, autocomplete: 'off' })
  const error = el('p', { class: 'rte-field-error', id: `${id}-err`, hidden: true })
  const parts = [el('label', { for: id }, label), input]
  let describedBy = `${id}-err`
  if (hint) {
    parts.push(el('p', { class: 'rte-hint', id: `${id}-hint` }, hint))
    describedBy = `${id}-hint ${describedBy}`
  }
  input.setAttribute('aria-describedby', describedBy)
  parts.push(error)
  const wrap = el('div', { class: 'rte-field' }, ...parts)
  return { wrap, input, error }
}

function showError(f, message) {
  f.error.textContent = message
  f.error.hidden = !message
  f.wrap.classList.toggle('has-error', Boolean(message))
  if (message) {
    f.input.setAttribute('aria-invalid', 'true')
    f.input.focus()
  } else f.input.removeAttribute('aria-invalid')
}

// openDialog shows a modal dialog built by build(body, close), with an OK
// and a Cancel button; onSubmit returns a value (the dialog closes and the
// promise gives it), or undefined to keep it open. Cancel gives null.
function openDialog({ title, okLabel, build, onSubmit, focus }) {
  const back = document.activeElement
  const titleId = `rte-d${++seq}-title`
  const body = el('div', { class: 'rte-dialog-body' })
  const ok = el('button', { type: 'submit', class: 'rte-btn rte-btn-primary' }, okLabel)
  const cancel = el('button', { type: 'button', class: 'rte-btn', value: 'cancel' }, 'Cancel')
  const form = el('form', { method: 'dialog', class: 'rte-dialog-form', noValidate: true },
    el('h2', { id: titleId }, title), body, el('p', { class: 'rte-dialog-actions' }, ok, cancel))
  const dialog = el('dialog', { class: 'rte-dialog', 'aria-labelledby': titleId }, form)
  document.body.appendChild(dialog)
  return new Promise((resolve) => {
    let settled = false
    const finish = (value) => {
      if (settled) return
      settled = true
      dialog.close()
      dialog.remove()
      // The editor puts the focus back in the text itself; elsewhere it
      // returns where it was.
      if (!back || !back.closest || !back.closest('.rte')) {
        if (back && back.focus) back.focus()
      }
      resolve(value)
    }
    build(body, finish, ok)
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      ok.disabled = true
      try {
        const value = await onSubmit()
        if (value !== undefined) finish(value)
      } finally {
        ok.disabled = false
      }
    })
    cancel.addEventListener('click', () => finish(null))
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault()
      finish(null)
    })
    dialog.showModal()
    const first = (focus && focus()) || body.querySelector('input, button, select, textarea')
    if (first) first.focus()
  })
}

// normaliseHref turns "example.com/page" or "www.example.com" into an
// https address; everything else is checked as typed.
export function normaliseHref(answer) {
  let href = answer.trim()
  if (/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(href)) href = 'https://' + href
  return href
}

// linkDialog asks for a link's address and whether it opens in a new tab.
// It gives { href, newTab }, { href: '' } to remove the link, or null.
export function linkDialog({ href = '', newTab = false, editing = false }) {
  let address, tab
  return openDialog({
    title: editing ? 'Edit link' : 'Add link',
    okLabel: editing ? 'Save link' : 'Add link',
    build(body, finish) {
      address = field('href', 'Link address', {
        value: href,
        type: 'text',
        maxLength: 2048,
        hint: 'A web address (https://…), an email (mailto:…) or a page of this site (/…).',
      })
      address.input.setAttribute('inputmode', 'url')
      tab = el('input', { type: 'checkbox', id: `rte-d${++seq}-tab`, checked: newTab })
      body.append(address.wrap, el('p', { class: 'rte-check' }, tab, el('label', { for: tab.id }, 'Open in a new tab')))
      if (editing) {
        const remove = el('button', { type: 'button', class: 'rte-btn rte-btn-link' }, 'Remove the link')
        remove.addEventListener('click', () => finish({ href: '' }))
        body.append(el('p', {}, remove))
      }
    },
    onSubmit() {
      const value = normaliseHref(address.input.value)
      if (value === '') {
        showError(address, 'Type the address the link goes to.')
        return undefined
      }
      if (!isSafeHref(value)) {
        showError(address, `“${value}” is not an address a link can go to. Start it with https://, http://, mailto: or /.`)
        return undefined
      }
      showError(address, '')
      return { href: value, newTab: tab.checked }
    },
  })
}

// pictureDialog picks a picture for the body: a file (given, or chosen
// here, uploaded with progress when the dialog is confirmed) or one from
// the library, searched here; with its description, caption and credit.
// It gives { src, mediaId, alt, caption, credit } or null.
//   upload(file, fields, onProgress) -> Promise<item>  (item: id, url, alt, caption, credit)
//   search(query, page) -> Promise<{ items, more }>
export function pictureDialog({ file = null, upload, search, attrs = null }) {
  let chosenFile = file
  let chosenItem = null
  let alt, caption, credit, preview, progress, note, fileInput
  const editing = attrs !== null
  const setPreview = (src, label) => {
    preview.textContent = ''
    if (src) preview.append(el('img', { src, alt: '' }), el('span', {}, label))
  }
  // A chosen file is shown from a data: address (the newsroom's CSP allows
  // pictures from the site and data: only).
  const previewFile = (f) => {
    const reader = new FileReader()
    reader.onload = () => {
      if (chosenFile === f) setPreview(reader.result, f.name)
    }
    reader.readAsDataURL(f)
  }
  const fill = (item) => {
    for (const [f, v] of [[alt, item.alt], [caption, item.caption], [credit, item.credit]]) {
      if (!f.input.value && v) f.input.value = v
    }
  }
  return openDialog({
    title: editing ? 'Picture details' : 'Add a picture',
    okLabel: editing ? 'Save' : 'Add picture',
    // A dropped or pasted picture, or one being edited, starts at its
    // description; otherwise at choosing the file.
    focus: () => (file || editing ? alt.input : null),
    build(body) {
      preview = el('div', { class: 'rte-picture-preview', 'aria-live': 'polite' })
      if (!editing) {
        fileInput = el('input', { type: 'file', id: `rte-d${++seq}-file`, accept: 'image/jpeg,image/png,image/gif,image/webp' })
        fileInput.addEventListener('change', () => {
          if (!fileInput.files.length) return
          chosenFile = fileInput.files[0]
          chosenItem = null
          previewFile(chosenFile)
        })
        const q = el('input', { type: 'search', id: `rte-d${++seq}-q`, maxLength: 100, placeholder: 'Caption, credit, description or file name', autocomplete: 'off' })
        const results = el('ul', { class: 'rte-picker-results', 'aria-label': 'Pictures in the library' })
        const more = el('button', { type: 'button', class: 'rte-btn', hidden: true }, 'More')
        let page = 1
        let timer = 0
        const run = async (append) => {
          page = append ? page + 1 : 1
          let data
          try {
            data = await search(q.value, page)
          } catch {
            note.textContent = 'The library could not be searched; try again.'
            return
          }
          if (!append) results.textContent = ''
          for (const item of data.items) {
            const b = el('button', { type: 'button', class: 'rte-picker-item', 'aria-pressed': 'false' },
              el('img', { src: item.thumb, alt: '', width: 160, height: 90, loading: 'lazy' }),
              el('span', {}, item.alt || item.caption || item.original))
            b.addEventListener('click', () => {
              for (const other of results.querySelectorAll('[aria-pressed=true]')) other.setAttribute('aria-pressed', 'false')
              b.setAttribute('aria-pressed', 'true')
              chosenItem = item
              chosenFile = null
              fileInput.value = ''
              setPreview(item.thumb, item.alt || item.original)
              fill(item)
            })
            results.append(el('li', {}, b))
          }
          if (!append && !data.items.length) results.append(el('li', {}, 'Nothing matches.'))
          more.hidden = !data.more
        }
        q.addEventListener('input', () => {
          clearTimeout(timer)
          timer = setTimeout(() => run(false), 250)
        })
        q.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            run(false)
          }
        })
        more.addEventListener('click', () => run(true))
        const fromFile = el('div', { class: 'rte-field' }, el('label', { for: fileInput.id }, 'Upload a picture'), fileInput)
        const fromLibrary = el('details', { class: 'rte-library', open: !file },
          el('summary', {}, 'Or choose one from the library'),
          el('div', { class: 'rte-field' }, el('label', { for: q.id }, 'Search the library'), q), results, more)
        fromLibrary.addEventListener('toggle', () => {
          if (fromLibrary.open && !results.children.length) run(false)
        })
        body.append(el('div', { class: 'rte-pick' }, fromFile, fromLibrary))
        if (!file) run(false)
        if (file) previewFile(file)
      }
      alt = field('alt', 'Description for readers who cannot see it (alt text)', { value: attrs ? attrs.alt : '', hint: 'Needed before the story is published.' })
      caption = field('caption', 'Caption', { value: attrs ? attrs.caption : '', maxLength: 1000 })
      credit = field('credit', 'Photographer / agency', { value: attrs ? attrs.credit : '', maxLength: 200 })
      progress = el('progress', { max: 100, value: 0, hidden: true })
      note = el('p', { class: 'rte-field-error', 'aria-live': 'polite' })
      body.append(el('div', { class: 'rte-details' }, preview, alt.wrap, caption.wrap, credit.wrap, progress, note))
      body.classList.toggle('rte-two-columns', !editing)
    },
    async onSubmit() {
      const fields = { alt: alt.input.value.trim(), caption: caption.input.value.trim(), credit: credit.input.value.trim() }
      if (editing) return fields
      if (!chosenFile && !chosenItem) {
        note.textContent = 'Choose a picture to upload, or one from the library.'
        return undefined
      }
      let item = chosenItem
      if (chosenFile) {
        progress.hidden = false
        note.textContent = `Uploading “${chosenFile.name}”…`
        try {
          item = await upload(chosenFile, fields, (p) => {
            progress.value = Math.round(p * 100)
          })
        } catch (e) {
          progress.hidden = true
          note.textContent = `Not uploaded: ${e.message}`
          return undefined
        }
      }
      return { src: item.url, mediaId: item.id, width: item.width, height: item.height, ...fields }
    },
  })
}
