/**
 * The form page's script entry (bundled for the browser into dist/webview/elicitationForm.js).
 * The page judges entries with the same form model the extension checks them with again.
 */
import { createFormModel } from './formModel';
import { formPage, type FormPageInit } from './formPage';

// The webview's document; the project is compiled without DOM typings.
const doc = (globalThis as any).document;
const init = JSON.parse(doc.getElementById('form-init').textContent) as FormPageInit;
formPage(createFormModel(), init);
