/**
 * Everything the CLI writes to stderr and asks on the terminal. Stdout is kept for results.
 * On a TTY a progress bar is redrawn in place; status lines print above it; prompts hide it.
 * What is written carries a server's words, so it goes out as printable text only.
 */
import * as readline from 'node:readline';
import { printable, visibleLength, visibleSlice } from './terminalText';

export interface TerminalStreams {
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}

export class Terminal {
  private bar: string | undefined;
  private prompting: Promise<unknown> = Promise.resolve();
  private promptDepth = 0;

  constructor(private readonly streams: TerminalStreams = { stdin: process.stdin, stderr: process.stderr }) {}

  /** True when a person can answer prompts (stdin and stderr are terminals). */
  get interactive(): boolean {
    return Boolean(this.streams.stdin.isTTY && this.streams.stderr.isTTY);
  }

  get redraws(): boolean {
    return Boolean(this.streams.stderr.isTTY);
  }

  /** One line on stderr, above the progress bar if one is shown. */
  line(text: string): void {
    const err = this.streams.stderr;
    if (this.bar !== undefined && this.redraws) err.write('\r\x1b[K');
    err.write(`${printable(text, { multiline: true })}\n`);
    if (this.bar !== undefined && this.redraws && this.promptDepth === 0) err.write(this.bar);
  }

  /** Draws (TTY) the progress bar in place, cut to the terminal's width. */
  progress(text: string): void {
    if (!this.redraws) return;
    const width = Math.max(20, (this.streams.stderr.columns || 80) - 1);
    // Cut what the terminal shows, never inside an escape sequence: strip first, then count.
    const shown = printable(text);
    this.bar = visibleLength(shown) > width ? `${visibleSlice(shown, width - 1)}…` : shown;
    if (this.promptDepth === 0) this.streams.stderr.write(`\r\x1b[K${this.bar}`);
  }

  clearProgress(): void {
    if (this.bar !== undefined && this.redraws) this.streams.stderr.write('\r\x1b[K');
    this.bar = undefined;
  }

  /** Asks one question; prompts never overlap. Undefined when stdin ends (Ctrl+D). */
  ask(question: string, options: { secret?: boolean } = {}): Promise<string | undefined> {
    const run = async () => {
      this.promptDepth++;
      if (this.bar !== undefined && this.redraws) this.streams.stderr.write('\r\x1b[K');
      try {
        return await this.question(printable(question), options.secret === true);
      } finally {
        this.promptDepth--;
        if (this.bar !== undefined && this.redraws && this.promptDepth === 0) this.streams.stderr.write(this.bar);
      }
    };
    const next = this.prompting.then(run, run);
    this.prompting = next.catch(() => undefined);
    return next;
  }

  private question(question: string, secret: boolean): Promise<string | undefined> {
    return new Promise((resolve) => {
      const rl = readline.createInterface({ input: this.streams.stdin, output: this.streams.stderr, terminal: true });
      let answered = false;
      if (secret) {
        // Echo nothing while a secret is typed.
        const out = rl as unknown as { _writeToOutput?: (s: string) => void };
        out._writeToOutput = (s: string) => { if (s.includes('\n') || s === question) this.streams.stderr.write(s); };
      }
      rl.question(question, (answer) => {
        answered = true;
        rl.close();
        if (secret) this.streams.stderr.write('\n');
        resolve(answer);
      });
      rl.once('close', () => { if (!answered) resolve(undefined); });
    });
  }
}
