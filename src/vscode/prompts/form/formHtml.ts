/**
 * The elicitation form page: one HTML document with its style and script inline, allowed by a
 * nonce-based Content Security Policy (nothing remote, nothing unlabelled runs). Colours and fonts
 * come from VS Code's theme variables, so the form follows the theme.
 */
import { createFormModel } from './formModel';
import { formPage, type FormPageInit } from './formPage';

/** JSON that can sit inside a <script> element without ending it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function formHtml(options: { nonce: string; title: string; init: FormPageInit }): string {
  const { nonce } = options;
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none';`;
  const title = options.title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  // The model and the page script are embedded from their own source, so page and extension judge alike.
  const script = `(${formPage.toString()})((${createFormModel.toString()})(), JSON.parse(document.getElementById('form-init').textContent));`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style nonce="${nonce}">${FORM_CSS}</style>
</head>
<body>
<main id="root"></main>
<script type="application/json" id="form-init" nonce="${nonce}">${scriptJson(options.init)}</script>
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
}

const FORM_CSS = `
:root { color-scheme: light dark; }
body {
  margin: 0; padding: 24px 32px 40px;
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
  color: var(--vscode-foreground); background: var(--vscode-editor-background);
}
main { max-width: 640px; }
.who { color: var(--vscode-descriptionForeground); margin-bottom: 6px; }
.who .server { font-weight: 600; color: var(--vscode-foreground); }
h1.message { font-size: 1.35em; font-weight: 600; margin: 0 0 14px; line-height: 1.35; white-space: pre-wrap; }
.warning {
  margin: 0 0 22px; padding: 8px 12px; border-radius: 4px;
  border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700);
  background: var(--vscode-inputValidation-warningBackground, rgba(204, 167, 0, 0.12));
  color: var(--vscode-foreground);
}
.warning .codicon { color: var(--vscode-editorWarning-foreground, #cca700); }
form { display: flex; flex-direction: column; gap: 16px; }
.field { display: flex; flex-direction: column; gap: 4px; }
label, legend { font-weight: 600; }
.required { color: var(--vscode-errorForeground); font-weight: 600; }
.description { color: var(--vscode-descriptionForeground); font-size: 0.95em; }
input[type=text], input[type=email], input[type=url], input[type=number], input[type=date], input[type=datetime-local], select {
  box-sizing: border-box; width: 100%; max-width: 420px; padding: 5px 8px; border-radius: 2px;
  font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent));
}
select { color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border-color: var(--vscode-dropdown-border, transparent); }
input:focus, select:focus, button:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
input[type=checkbox] { width: 16px; height: 16px; margin: 0; accent-color: var(--vscode-button-background); }
input[type=checkbox]:focus { outline-offset: 2px; }
label.check { display: inline-flex; align-items: center; gap: 8px; font-weight: normal; cursor: pointer; }
.field-boolean label.check { font-weight: 600; }
fieldset { border: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
legend { padding: 0; margin-bottom: 4px; }
.choices { display: flex; flex-wrap: wrap; gap: 6px 18px; }
.error { color: var(--vscode-errorForeground); min-height: 0; font-size: 0.95em; }
.error:empty { display: none; }
.invalid input:not([type=checkbox]), .invalid select { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
.actions {
  position: sticky; bottom: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 8px; padding: 12px 0;
  background: var(--vscode-editor-background); border-top: 1px solid var(--vscode-widget-border, rgba(128, 128, 128, 0.35));
}
.limits { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
button {
  font: inherit; padding: 5px 14px; border-radius: 2px; cursor: pointer; border: 1px solid var(--vscode-button-border, transparent);
}
button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button.primary:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:disabled { opacity: 0.6; cursor: default; }
.status { color: var(--vscode-errorForeground); margin-left: 8px; }
.hint { flex-basis: 100%; margin: 0; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
`;
