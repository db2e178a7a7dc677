// Progressive enhancement only: every journey works without this script.
// Loaded as an ES module, so browsers too old for GOV.UK Frontend's JavaScript skip it.
import { initAll } from "../build/govuk-frontend.min.js";

import { initTimeoutWarning } from "./timeout-warning.js";

initAll();
initTimeoutWarning(document.querySelector('[data-module="app-timeout-warning"]'));
