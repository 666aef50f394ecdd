// The formatting toolbar: real <button type="button"> elements with an
// aria-label (and a tooltip naming the keyboard shortcut), aria-pressed on
// the toggles, aria-disabled when a command cannot run. The toolbar is one
// tab stop; the arrow keys, Home and End move between its buttons, Escape
// returns to the text.

import {
  Bold,
  Heading2,
  Heading3,
  ImagePlus,
  Italic,
  Link,
  List,
  ListOrdered,
  Pilcrow,
  Quote,
  Redo2,
  Undo2,
  Unlink,
  createElement,
} from 'lucide'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
const MOD = isMac ? '⌘' : 'Ctrl+'
const ALT = isMac ? '⌥' : 'Alt+'
const SHIFT = isMac ? '⇧' : 'Shift+'

// Groups of buttons, separated visually. `toggle` buttons carry aria-pressed.
export const BUTTONS = [
  [
    { cmd: 'bold', label: 'Bold', icon: Bold, keys: `${MOD}B`, toggle: true },
    { cmd: 'italic', label: 'Italic', icon: Italic, keys: `${MOD}I`, toggle: true },
  ],
  [
    { cmd: 'link', label: 'Link', icon: Link, keys: `${MOD}K`, toggle: true },
    { cmd: 'unlink', label: 'Remove link', icon: Unlink },
  ],
  [
    { cmd: 'h2', label: 'Heading', icon: Heading2, keys: `${MOD}${ALT}2`, toggle: true },
    { cmd: 'h3', label: 'Subheading', icon: Heading3, keys: `${MOD}${ALT}3`, toggle: true },
    { cmd: 'paragraph', label: 'Paragraph', icon: Pilcrow, keys: `${MOD}${ALT}0`, toggle: true },
  ],
  [
    { cmd: 'quote', label: 'Quote', icon: Quote, keys: `${MOD}${SHIFT}B`, toggle: true },
    { cmd: 'bullet', label: 'Bulleted list', icon: List, keys: `${MOD}${SHIFT}8`, toggle: true },
    { cmd: 'ordered', label: 'Numbered list', icon: ListOrdered, keys: `${MOD}${SHIFT}7`, toggle: true },
  ],
  [{ cmd: 'image', label: 'Picture: add one, or the details of the one selected', icon: ImagePlus }],
  [
    { cmd: 'undo', label: 'Undo', icon: Undo2, keys: `${MOD}Z` },
    { cmd: 'redo', label: 'Redo', icon: Redo2, keys: isMac ? `${MOD}${SHIFT}Z` : `${MOD}Y` },
  ],
]

// run(cmd) performs a command; state(cmd) returns {active, enabled}.
export function createToolbar({ label, controls, run, state, onEscape }) {
  const bar = document.createElement('div')
  bar.className = 'rte-toolbar'
  bar.setAttribute('role', 'toolbar')
  bar.setAttribute('aria-label', label)
  if (controls) bar.setAttribute('aria-controls', controls)

  const buttons = []
  BUTTONS.forEach((group, gi) => {
    if (gi > 0) {
      const sep = document.createElement('span')
      sep.className = 'rte-toolbar-sep'
      sep.setAttribute('aria-hidden', 'true')
      bar.appendChild(sep)
    }
    for (const spec of group) {
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'rte-button'
      button.dataset.cmd = spec.cmd
      button.setAttribute('aria-label', spec.label)
      button.title = spec.keys ? `${spec.label} (${spec.keys})` : spec.label
      if (spec.toggle) button.setAttribute('aria-pressed', 'false')
      button.tabIndex = buttons.length === 0 ? 0 : -1
      button.appendChild(createElement(spec.icon, { 'aria-hidden': 'true', focusable: 'false', width: 18, height: 18 }))
      // Keep the editor's selection: do not move focus on mouse down.
      button.addEventListener('mousedown', (event) => event.preventDefault())
      button.addEventListener('click', () => {
        if (button.getAttribute('aria-disabled') === 'true') return
        run(spec.cmd)
      })
      bar.appendChild(button)
      buttons.push({ button, spec })
    }
  })

  // Roving tabindex.
  const focusAt = (index) => {
    const n = buttons.length
    const target = buttons[((index % n) + n) % n].button
    buttons.forEach(({ button }) => {
      button.tabIndex = button === target ? 0 : -1
    })
    target.focus()
  }
  bar.addEventListener('keydown', (event) => {
    const i = buttons.findIndex(({ button }) => button === document.activeElement)
    if (i < 0) return
    if (event.key === 'Escape' && onEscape) {
      event.preventDefault()
      onEscape()
      return
    }
    let next = null
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = i + 1
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = i - 1
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = buttons.length - 1
    if (next === null) return
    event.preventDefault()
    focusAt(next)
  })
  bar.addEventListener('focusin', (event) => {
    const hit = buttons.find(({ button }) => button === event.target)
    if (hit) buttons.forEach(({ button }) => (button.tabIndex = button === hit.button ? 0 : -1))
  })

  function update() {
    for (const { button, spec } of buttons) {
      const { active, enabled } = state(spec.cmd)
      if (spec.toggle) {
        const pressed = active ? 'true' : 'false'
        if (button.getAttribute('aria-pressed') !== pressed) button.setAttribute('aria-pressed', pressed)
      }
      if (enabled) button.removeAttribute('aria-disabled')
      else button.setAttribute('aria-disabled', 'true')
    }
  }

  return {
    element: bar,
    update,
    focus: () => {
      const current = buttons.find(({ button }) => button.tabIndex === 0) || buttons[0]
      current.button.focus()
    },
  }
}
