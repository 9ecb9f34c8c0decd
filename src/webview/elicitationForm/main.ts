/**
 * The form page's script entry (bundled for the browser into dist/webview/elicitationForm.js).
 * The page judges entries with the same form model the extension checks them with again.
 */
import { createFormModel } from '../../vscode/prompts/form/formModel';
import type { FormPageInit } from '../../vscode/prompts/form/formMessages';
import { mountFormPage, type WebviewApi } from './formPage';

declare function acquireVsCodeApi(): WebviewApi;

const init = JSON.parse(document.getElementById('form-init')?.textContent ?? '{}') as FormPageInit;
mountFormPage(document.getElementById('root')!, createFormModel(), init, acquireVsCodeApi());
