// Drafts saved as you type (htmx autosave on forms marked data-autosave), without racing the
// form's own submit: a submit waits for an autosave in flight, and no autosave starts once the
// form is being submitted. Without JavaScript the form still saves on every button.
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-autosave')) return
  form.dataset.submitting = '1'
  if (form.classList.contains('htmx-request')) {
    event.preventDefault()
    const submitter = event.submitter
    form.addEventListener('htmx:afterRequest', () => form.requestSubmit(submitter), { once: true })
  }
})

document.addEventListener('htmx:beforeRequest', (event) => {
  const form = event.target
  if (form instanceof HTMLFormElement && form.dataset.submitting === '1') event.preventDefault()
})

// Back/forward cache: a page shown again may submit again.
window.addEventListener('pageshow', () => {
  document.querySelectorAll('form[data-autosave]').forEach((form) => { delete form.dataset.submitting })
})

// htmx never writes a style attribute when it settles swapped elements (FamilyHub's CSP has no
// inline styles): `attributesToSettle` in the shared htmx-config of web/templates/web/base.html.
