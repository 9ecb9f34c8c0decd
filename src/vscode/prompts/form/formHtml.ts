/**
 * The elicitation form page: one HTML document that loads its script and style from the
 * extension's own files (built into dist/webview/), under a Content Security Policy that runs only
 * the script carrying this page's nonce and takes styles only from the extension's resources.
 * What the form asks travels as inert JSON in the page, never as code.
 */
import type { FormPageInit } from './formMessages';

export interface FormHtmlOptions {
  readonly nonce: string;
  /** The webview's own resource origin (`webview.cspSource`). */
  readonly cspSource: string;
  /** Webview URIs (`webview.asWebviewUri`) of the page script and its stylesheet. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
  readonly init: FormPageInit;
}

/** JSON that can sit inside a <script> element without ending it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function attribute(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function formHtml(options: FormHtmlOptions): string {
  const nonce = attribute(options.nonce);
  const csp = `default-src 'none'; style-src ${options.cspSource}; script-src 'nonce-${options.nonce}'; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${attribute(options.title)}</title>
<link rel="stylesheet" href="${attribute(options.styleUri)}">
</head>
<body>
<main id="root"></main>
<script type="application/json" id="form-init" nonce="${nonce}">${scriptJson(options.init)}</script>
<script nonce="${nonce}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>`;
}
