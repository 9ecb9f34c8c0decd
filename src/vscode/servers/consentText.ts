/**
 * What a consent question says will run. A workspace writes `${workspaceFolder}/../x.js` or
 * `${env:HOME}/bin/tool`: the user decides on what that becomes, so the variables known before
 * the start are substituted the way the start substitutes them. `${input:…}` values are asked for
 * only after consent, so those show as written. Pure: unit-tested as it is.
 */
import { knownVariableValue, type VariableEnvironment } from '../../core/config/definitionResolver';
import type { ConfigSource, RawServerDefinition } from '../../core/config/types';
import { substitute, type VariableRef } from '../../core/config/variableSyntax';

export function describeWritten(definition: RawServerDefinition): string {
  if (definition.type === 'stdio') {
    const quote = (s: string) => (/[\s"']/.test(s) || s === '' ? JSON.stringify(s) : s);
    return [definition.command ?? '', ...definition.args].map(quote).join(' ');
  }
  return `${definition.type === 'sse' ? 'SSE' : 'HTTP'} ${definition.url ?? ''}`;
}

/** The command line (or address) as it will run, and as written when that reads differently. */
export function consentCommand(written: RawServerDefinition, source: ConfigSource, environment: Pick<VariableEnvironment, 'env' | 'userHome'>): { resolved: string; written?: string } {
  const value = (ref: VariableRef) => knownVariableValue(ref, source.workspaceFolder, environment);
  const text = (s: string | undefined) => (s === undefined ? undefined : substitute(s, value));
  const resolvedDefinition: RawServerDefinition = { ...written, command: text(written.command), args: written.args.map((a) => substitute(a, value)), url: text(written.url) };
  const resolved = describeWritten(resolvedDefinition);
  const asWritten = describeWritten(written);
  return resolved === asWritten ? { resolved } : { resolved, written: asWritten };
}
