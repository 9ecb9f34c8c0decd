import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { RawServerDefinition } from '../../src/core/config/types';
import { ConsentRequests, type ConsentRequest } from '../../src/vscode/servers/consentRequests';
import { consentCommand, describeWritten } from '../../src/vscode/servers/consentText';
import { consentTooltip, CONSENT_COMMANDS } from '../../src/vscode/servers/serverTooltips';
import { readText, reachingOut, renderMarkdown } from './renderedMarkdown';

const stdio = (command: string, args: string[]): RawServerDefinition => ({ type: 'stdio', command, args, env: {}, headers: {}, autoStart: false });
const source = { file: '/ws/.vscode/mcp.json', kind: 'workspace' as const, workspaceFolder: '/ws' };
const environment = { env: { TOOLS: '/opt/tools' } as Record<string, string | undefined>, userHome: '/home/ada' };
const request = (o: Partial<ConsentRequest> = {}): ConsentRequest => ({ serverId: 'f/demo', definitionHash: 'h1', name: 'demo', resolved: 'node x.js', changed: false, ...o });

describe('server consent: the command line a question shows', () => {
  it('substitutes the variables known before the start, and names the written form when it differs', () => {
    const written = stdio('${env:TOOLS}/node', ['${workspaceFolder}/../dist/demo-server.js', '--home', '${userHome}', '${workspaceFolderBasename}']);
    assert.deepEqual(consentCommand(written, source, environment), {
      resolved: `/opt/tools/node /ws/../dist/demo-server.js --home /home/ada ${path.basename('/ws')}`,
      written: '${env:TOOLS}/node ${workspaceFolder}/../dist/demo-server.js --home ${userHome} ${workspaceFolderBasename}',
    });
  });

  it('leaves values asked for at start, unknown variables and unset environment variables as written', () => {
    const written = stdio('tool', ['--token', '${input:token}', '${env:UNSET}', '${nonsense}']);
    assert.deepEqual(consentCommand(written, source, environment), { resolved: 'tool --token ${input:token} ${env:UNSET} ${nonsense}' });
  });

  it('quotes arguments with spaces or quotes, and shows an address for HTTP and SSE servers', () => {
    assert.equal(describeWritten(stdio('node', ['a b', "it's", ''])), 'node "a b" "it\'s" ""');
    const http: RawServerDefinition = { type: 'http', url: 'https://${env:TOOLS}.test/mcp', args: [], env: {}, headers: {}, autoStart: false };
    assert.deepEqual(consentCommand(http, source, environment), { resolved: 'HTTP https:///opt/tools.test/mcp', written: 'HTTP https://${env:TOOLS}.test/mcp' });
  });
});

describe('server consent: one model of the open questions', () => {
  it('asks once per definition; the first answer counts and the other place finds nothing to answer', async () => {
    const consents = new ConsentRequests();
    let changes = 0;
    consents.onDidChange(() => changes++);
    const first = consents.ask(request());
    const again = consents.ask(request());
    assert.equal(first, again, 'a second caller joins the open question');
    assert.equal(consents.get('f/demo')?.resolved, 'node x.js');
    assert.equal(consents.answer('f/demo', 'allow'), true, 'answered from the row');
    assert.equal(consents.answer('f/demo', 'refuse', 'h1'), false, 'the notification answered later changes nothing');
    assert.equal(await first, 'allow');
    assert.equal(consents.get('f/demo'), undefined);
    assert.equal(changes, 2, 'one change when asked, one when answered');
  });

  it('a new definition replaces the open question and refuses the start that asked about the old one', async () => {
    const consents = new ConsentRequests();
    const old = consents.ask(request());
    const fresh = consents.ask(request({ definitionHash: 'h2', resolved: 'node y.js' }));
    assert.equal(await old, 'refuse');
    assert.equal(consents.answer('f/demo', 'allow', 'h1'), false, 'an answer to the old question does not count for the new one');
    assert.equal(consents.get('f/demo')?.resolved, 'node y.js');
    assert.equal(consents.answer('f/demo', 'allow', 'h2'), true);
    assert.equal(await fresh, 'allow');
  });
});

describe('server consent: the row tooltip', () => {
  const words = { waiting: 'waiting for your permission to start', willRun: 'It will run:', writtenAs: 'Written as:', allow: 'Allow and Start', refuse: "Don't Start", definedIn: 'Defined in' };

  it('shows what will run, as written, and the two answers as links to our commands only', () => {
    const tip = consentTooltip({ name: 'demo', state: 'waiting', file: '/ws/.vscode/mcp.json', sourceKind: 'workspace' },
      { serverId: 'abc/demo', resolved: 'node /ws/../x.js', written: 'node ${workspaceFolder}/../x.js' }, words);
    const html = renderMarkdown(tip, { linkify: false });
    const text = readText(html);
    assert.match(text, /demo — waiting for your permission to start/);
    assert.match(text, /It will run: node \/ws\/\.\.\/x\.js/);
    assert.match(text, /Written as: node \$\{workspaceFolder\}\/\.\.\/x\.js/);
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((m) => decodeURIComponent(m[1]));
    assert.deepEqual(links, [`command:${CONSENT_COMMANDS.allow}?["abc/demo"]`, `command:${CONSENT_COMMANDS.refuse}?["abc/demo"]`]);
  });

  it('fault: hostile text: names, ids and commands from a workspace make no link of their own in the consent tooltip and cannot end ours', () => {
    const hostile = '[x](command:workbench.action.terminal.sendSequence?%7B%7D) <img src=https://e.test/i.png> $(alert) `';
    const tip = consentTooltip({ name: hostile, state: 'waiting', file: `/ws/${hostile}`, sourceKind: 'workspace' },
      { serverId: `abc/${hostile})"]`, resolved: hostile, written: `${hostile}!` }, words);
    const html = renderMarkdown(tip, { linkify: false });
    const links = [...html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(links.length, 2, `only our two links:\n${tip}`);
    for (const link of links) assert.ok(link.startsWith('command:mcpTasks.'), link);
    assert.deepEqual(JSON.parse(decodeURIComponent(links[0].slice(links[0].indexOf('?') + 1))), [`abc/${hostile})"]`], 'the id arrives whole');
    assert.deepEqual(reachingOut(html).filter((r) => !r.includes('command:mcpTasks.')), []);
    assert.ok(readText(html).includes(`It will run: ${hostile}`), 'the command reads as written');
  });
});
