// Small helpers shared by the editor modules.

// A link target the newsroom accepts: absolute http(s) URLs, mailto:
// addresses and site-relative paths ("/news/…", but not protocol-relative
// "//host/…"). Everything else (javascript:, data:, relative paths,
// fragments, other schemes) is refused.
export function isSafeHref(value) {
  if (typeof value !== 'string') return false
  const href = value.trim()
  if (!href || /[\u0000-\u001f\u007f\s]/.test(href)) return false
  if (href.startsWith('/')) return !href.startsWith('//') && !href.startsWith('/\\')
  if (/^mailto:[^\s]+$/i.test(href)) return true
  if (/^https?:\/\//i.test(href)) {
    try {
      const url = new URL(href)
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
    } catch {
      return false
    }
  }
  return false
}

// xhrUpload posts one file (and form fields) to the library, reporting
// progress; it gives the library item or fails with the server's reason.
export function xhrUpload(url, file, fields, onProgress) {
  return new Promise((resolve, reject) => {
    const data = new FormData()
    data.append('file', file, file.name)
    for (const [k, v] of Object.entries(fields || {})) if (v) data.append(k, v)
    const x = new XMLHttpRequest()
    x.open('POST', url)
    x.setRequestHeader('X-CSRF-Token', csrfToken())
    x.setRequestHeader('Accept', 'application/json')
    x.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total)
    }
    x.onload = () => {
      let d = null
      try {
        d = JSON.parse(x.responseText)
      } catch {
        // not JSON: said below
      }
      if (x.status >= 200 && x.status < 300 && d && d.url) resolve(d)
      else reject(new Error((d && d.error) || `the server answered ${x.status}`))
    }
    x.onerror = () => reject(new Error('the server could not be reached'))
    x.send(data)
  })
}

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]')
  return meta ? meta.getAttribute('content') || '' : ''
}

// Status messages go to the form's [data-autosave-status] element (an
// aria-live region written by the server); a form without one gets a
// role="alert" paragraph after the editor.
export function statusElement(form, after) {
  let el = form ? form.querySelector('[data-autosave-status]') : null
  if (el) return el
  el = (form || document).querySelector('.rte-status')
  if (el) return el
  el = document.createElement('p')
  el.className = 'rte-status'
  el.setAttribute('role', 'alert')
  if (after && after.parentNode) after.parentNode.insertBefore(el, after.nextSibling)
  else if (form) form.appendChild(el)
  return el
}

// kind: "saved" | "busy" | "error" | "" — exposed as data-state for CSS.
export function showStatus(el, message, kind) {
  if (!el) return
  el.textContent = message
  if (kind) el.setAttribute('data-state', kind)
  else el.removeAttribute('data-state')
}

export function formatTime(date) {
  const pad = (n) => String(n).padStart(2, '0')
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`
}

// Parse a JSON answer from the server; anything else (an HTML error page, a
// login redirect) becomes an {error} object.
export async function readJSON(response) {
  const type = response.headers.get('Content-Type') || ''
  if (!type.includes('json')) {
    return { error: response.ok ? 'Unexpected answer from the server' : `Server error (HTTP ${response.status})` }
  }
  try {
    return await response.json()
  } catch {
    return { error: `Unreadable answer from the server (HTTP ${response.status})` }
  }
}
