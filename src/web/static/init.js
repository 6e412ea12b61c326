// Starts the GOV.UK Frontend components (menu toggle, error summary focus, …). Every page works
// without it: the components only improve on plain HTML.
import { initAll } from '/govuk-frontend.min.js';

initAll();
