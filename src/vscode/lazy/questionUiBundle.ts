/** What the question UI bundle holds (esbuild.js): loaded when the first question is answered. */
export { questionUiFromSettings } from '../prompts/questionUi';
export { ElicitationForms } from '../prompts/form/elicitationForm';
