/** Collects configuration problems with their file position. */
import type { JsonNode, LineIndex } from './jsonc';
import type { ConfigProblem } from './types';

export interface ProblemPlace {
  server?: string;
  field?: string;
  severity?: 'error' | 'warning';
}

export class ProblemSink {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly file: string, private readonly lines: LineIndex) {}

  get errorCount(): number {
    return this.problems.filter((p) => p.severity === 'error').length;
  }

  error(node: JsonNode, message: string, place: ProblemPlace = {}): void {
    this.errorAt(node.offset, message, place);
  }

  errorAt(offset: number, message: string, place: ProblemPlace = {}): void {
    const { line, column } = this.lines.position(offset);
    this.problems.push({
      severity: place.severity ?? 'error',
      file: this.file,
      ...(place.server !== undefined ? { server: place.server } : {}),
      ...(place.field !== undefined ? { field: place.field } : {}),
      line,
      column,
      message,
    });
  }
}

/** One line for logs and the CLI: `file:line:column: server "x", field "url": message`. */
export function formatProblem(problem: ConfigProblem): string {
  const where = [
    problem.server !== undefined ? `server "${problem.server}"` : undefined,
    problem.field !== undefined ? `field "${problem.field}"` : undefined,
  ].filter(Boolean).join(', ');
  const level = problem.severity === 'warning' ? 'warning: ' : '';
  return `${problem.file}:${problem.line}:${problem.column}: ${level}${where ? `${where}: ` : ''}${problem.message}`;
}
