/**
 * The built command line against the real server-everything, over stdio and Streamable HTTP:
 * listing tools, running the research task to its report, answering its elicitation from a flag,
 * and Ctrl+C cancelling a running task with tasks/cancel.
 */
import * as assert from 'node:assert/strict';
import { ensureCliBuilt, killRunningClis, lines, runCli, startCli } from '../support/cliRunner';
import { everythingEntry, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';

interface Variant {
  name: string;
  target(): Promise<string[]>;
}

let httpServer: HttpServerProcess | undefined;

const variants: Variant[] = [
  { name: 'stdio', target: async () => ['--stdio', `"${process.execPath}" "${everythingEntry}" stdio`] },
  {
    name: 'Streamable HTTP',
    target: async () => {
      httpServer = await startHttpServerProcess([everythingEntry, 'streamableHttp']);
      return ['--url', `http://127.0.0.1:${httpServer.port}/mcp`];
    },
  },
];

for (const variant of variants) {
  describe(`mcp-tasks CLI with server-everything over ${variant.name}`, function () {
    this.timeout(60_000);
    let target: string[];

    before(async () => {
      await ensureCliBuilt();
      target = await variant.target();
    });

    afterEach(() => killRunningClis());

    after(async () => {
      await httpServer?.stop();
      httpServer = undefined;
    });

    it('tools lists simulate-research-query as requiring a task', async () => {
      const run = await runCli(['tools', ...target]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^simulate-research-query\s+task:required\s+topic\*: string, ambiguous: boolean = false$/m);
      assert.match(run.stdout, /^echo\s+task:forbidden/m);
    });

    it('call runs simulate-research-query as a task and prints the report', async () => {
      const run = await runCli(['call', ...target, 'simulate-research-query', '--args', '{"topic":"x"}']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^# Research Report: x$/m);
      const err = lines(run.stderr);
      assert.match(err[0], /^task [0-9a-f-]+ on .* \(ttl 300000 ms\)$/);
      assert.ok(err.includes('status: working: Gathering sources...'), run.stderr);
      assert.equal(err[err.length - 1], 'status: completed');
    });

    it('call with ambiguous: true answers the elicitation with --answer accept-defaults and completes', async () => {
      const run = await runCli(['call', ...target, 'simulate-research-query', '--args', '{"topic":"x","ambiguous":true}', '--answer', 'accept-defaults']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /^status: input_required/m);
      // The first option of the required enum field is what accept-defaults picks.
      assert.match(run.stderr, /^ {2}answered: accept \{"interpretation":"[^"]+"\}$/m);
      assert.match(run.stderr, /^status: working: Continuing with interpretation/m);
      assert.match(run.stdout, /# Research Report: x/);
    });

    it('call without an answer and without a terminal declines and says how to answer', async () => {
      const run = await runCli(['call', ...target, 'simulate-research-query', '--args', '{"topic":"y","ambiguous":true}']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /declined: no terminal to ask on; pass --answer accept-defaults\|decline\|cancel\|@answers\.json/);
      assert.match(run.stderr, /User declined/);
    });

    it('SIGINT during a running call sends tasks/cancel and exits 1 saying cancelled', async () => {
      const cli = startCli(['call', ...target, 'simulate-research-query', '--args', '{"topic":"z"}']);
      await cli.waitForStderr(/^status: working/m);
      cli.child.kill('SIGINT');
      const run = await cli.done;
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^interrupted: sending tasks\/cancel for task [0-9a-f-]+$/m);
      assert.match(run.stderr, /^status: cancelled/m);
      assert.match(lines(run.stderr).at(-1)!, /^mcp-tasks: cancelled/);
      assert.equal(run.stdout, '');
    });

    // The tool is only offered to hosts that declare tasks.requests.sampling.createMessage; the
    // server then polls the host's tasks/get and fetches the reply with tasks/result.
    it('call trigger-sampling-request-async with --sampling-reply prints [COMPLETED]', async () => {
      const run = await runCli(['call', ...target, 'trigger-sampling-request-async', '--args', '{"prompt":"hi"}', '--sampling-reply', 'hello']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /\[COMPLETED\]/);
    });
  });
}
