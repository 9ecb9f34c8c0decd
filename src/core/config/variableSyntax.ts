/** The `${…}` variables a configuration may use, and how to find them in a string. */

export type VariableRef =
  | { kind: 'input'; id: string; text: string }
  | { kind: 'env'; name: string; text: string }
  | { kind: 'workspaceFolder'; text: string }
  | { kind: 'workspaceFolderBasename'; text: string }
  | { kind: 'userHome'; text: string }
  | { kind: 'pathSeparator'; text: string }
  | { kind: 'unknown'; text: string };

const VARIABLE = /\$\{([^}]*)\}/g;

export const SUPPORTED_VARIABLES = '${input:id}, ${env:NAME}, ${workspaceFolder}, ${workspaceFolderBasename}, ${userHome} or ${pathSeparator}';

export function findVariables(value: string): VariableRef[] {
  return [...value.matchAll(VARIABLE)].map((m) => classify(m[0], m[1]));
}

function classify(text: string, body: string): VariableRef {
  const input = /^input:([A-Za-z0-9_.-]+)$/.exec(body);
  if (input) return { kind: 'input', id: input[1], text };
  const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(body);
  if (env) return { kind: 'env', name: env[1], text };
  switch (body) {
    case 'workspaceFolder': return { kind: 'workspaceFolder', text };
    case 'workspaceFolderBasename': return { kind: 'workspaceFolderBasename', text };
    case 'userHome': return { kind: 'userHome', text };
    case 'pathSeparator':
    case '/': return { kind: 'pathSeparator', text };
    default: return { kind: 'unknown', text };
  }
}

/** Replaces every variable through `value`; a variable it returns undefined for is left as written. */
export function substitute(text: string, value: (ref: VariableRef) => string | undefined): string {
  return text.replace(VARIABLE, (whole, body: string) => value(classify(whole, body)) ?? whole);
}
