/** What the elicitation form page and the extension tell each other (the webview's message contract). */
import type { Entries, FormField } from './formModel';

/** What the page is built from (embedded in the page as JSON). */
export interface FormPageInit {
  readonly fields: readonly FormField[];
  readonly entries: Entries;
  readonly server: string;
  readonly message: string;
  /** "task 1f2e… · tool deploy", when the question belongs to one. */
  readonly context?: string;
}

/** Messages the page posts to the extension. */
export type FormPageMessage =
  | { type: 'accept'; entries: Entries }
  | { type: 'decline' }
  | { type: 'cancel' }
  | { type: 'ready' };

/** Messages the extension posts to the page. */
export type FormHostMessage = { type: 'rejected'; errors: Record<string, string> };
