/**
 * Masks secrets in anything about to be logged: every resolved password input, every value of an
 * Authorization-like header, and bearer tokens wherever they appear.
 */
import { isTraceOn, type Logger } from '../ports';

export const MASK = '••••••';

/** Header names whose values are credentials. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$|token|secret|password|api[-_]?key/i;
/** Secrets shorter than this are not masked on their own: masking "a" would garble every line. */
const MIN_SECRET_LENGTH = 4;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Adds a value to mask from now on. */
  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    // Longest first, so a secret that contains another is masked whole.
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  }

  /** Masks the credential values of these headers. */
  addHeaders(headers: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(headers)) {
      if (!isSecretHeader(name)) continue;
      this.add(value);
      // "Bearer abc" is also logged as plain "abc" by some servers.
      const token = /^\s*(?:bearer|basic|token)\s+(.+)$/i.exec(value)?.[1];
      if (token) this.add(token.trim());
    }
  }

  /** Every value masked so far (to hand to another process that logs for the same servers). */
  values(): string[] {
    return [...this.secrets];
  }

  clear(): void {
    this.secrets.clear();
    this.pattern = undefined;
  }

  redact(text: string): string {
    let result = this.pattern ? text.replace(this.pattern, MASK) : text;
    result = result.replace(/("?(?:authorization|x-api-key|api-key)"?\s*[:=]\s*"?(?:(?:Bearer|Basic|Token)\s+)?)([^"\s,}]+)/gi, (_m, head: string) => `${head}${MASK}`);
    result = result.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, `$1 ${MASK}`);
    return result;
  }
}

/**
 * A Logger that passes every line through the redactor first. Trace lines the inner logger would
 * drop are not redacted at all (redaction scans the whole line: costly for every message traced).
 */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  return {
    trace: (m) => { if (isTraceOn(logger)) logger.trace(redactor.redact(m)); },
    isTraceEnabled: () => isTraceOn(logger),
    debug: (m) => logger.debug(redactor.redact(m)),
    info: (m) => logger.info(redactor.redact(m)),
    warn: (m) => logger.warn(redactor.redact(m)),
    error: (m) => logger.error(redactor.redact(m)),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
