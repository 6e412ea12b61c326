// Starts the GOV.UK Frontend components (menu toggle, error summary focus, …). Every page works
// without it: the components only improve on plain HTML.
import { initAll } from '/govuk-frontend.min.js';

// Radios that reveal fields under an answer (the screening form): GOV.UK's script marks each radio
// aria-expanded, which ARIA does not allow on a radio (axe: aria-allowed-attr). These groups reveal
// with the same classes and aria-controls, without it; every other component starts as usual.
for (const group of document.querySelectorAll('[data-module="govuk-radios"]')) {
  if (!group.querySelector('.govuk-radios__conditional')) continue;
  group.removeAttribute('data-module');
  const inputs = [...group.querySelectorAll('input[type="radio"]')];
  const sync = () => {
    for (const input of inputs) {
      const id = input.getAttribute('data-aria-controls');
      const target = id ? document.getElementById(id) : null;
      if (!target) continue;
      input.setAttribute('aria-controls', id);
      target.classList.toggle('govuk-radios__conditional--hidden', !input.checked);
    }
  };
  for (const input of inputs) input.addEventListener('change', sync);
  sync();
}

initAll();
