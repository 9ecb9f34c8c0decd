/**
 * `call --detach` and `tasks list|get|result|cancel`, each from a separate process, against a
 * server whose tasks outlive the session that created them.
 */
import * as assert from 'node:assert/strict';
import { startSharedTaskServer, type SharedTaskServer } from '../fixtures/servers/sharedTaskServerProcess';
import { ensureCliBuilt, killRunningClis, lines, runCli } from '../support/cliRunner';

describe('mcp-tasks CLI tasks commands across processes', function () {
  this.timeout(60_000);
  let server: SharedTaskServer;
  let target: string[];

  before(async () => {
    await ensureCliBuilt();
    server = await startSharedTaskServer();
    target = ['--url', server.url];
  });

  afterEach(() => killRunningClis());
  after(async () => { await server?.stop(); });

  async function detach(args: Record<string, unknown>): Promise<{ id: string; ms: number }> {
    const started = Date.now();
    const run = await runCli(['call', ...target, 'job', '--args', JSON.stringify(args), '--detach']);
    const ms = Date.now() - started;
    assert.equal(run.code, 0, run.stderr);
    const id = run.stdout.trim();
    assert.match(id, /^[0-9a-f]{32}$/, `stdout is the taskId: ${run.stdout}`);
    return { id, ms };
  }

  it('detaches, then get / cancel / result / list from later processes', async () => {
    const long = await detach({ ms: 20_000, steps: 20 });
    // "At once": far sooner than the 20 s the task runs.
    assert.ok(long.ms < 10_000, `--detach took ${long.ms} ms`);

    const get = await runCli(['tasks', ...target, 'get', long.id]);
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, new RegExp(`^taskId:\\s+${long.id}$`, 'm'));
    assert.match(get.stdout, /^status:\s+working$/m);

    const quick = await detach({ ms: 200, steps: 2, text: 'the quick result' });
    const result = await runCli(['tasks', ...target, 'result', quick.id]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'the quick result\n');
    assert.match(result.stderr, /^status: completed$/m);

    const list = await runCli(['tasks', ...target, 'list']);
    assert.equal(list.code, 0, list.stderr);
    const listed = lines(list.stdout);
    assert.ok(listed.some((l) => l.startsWith(`${long.id}  working`)), list.stdout);
    assert.ok(listed.some((l) => l.startsWith(`${quick.id}  completed`)), list.stdout);

    const cancel = await runCli(['tasks', ...target, 'cancel', long.id]);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.equal(cancel.stdout, `${long.id}  cancelled\n`);

    const after = await runCli(['tasks', ...target, 'get', long.id, '--json']);
    assert.equal(after.code, 0, after.stderr);
    assert.equal(JSON.parse(after.stdout).status, 'cancelled');
  });

  it('cancelling a task that already completed exits 1 and says so', async () => {
    const quick = await detach({ ms: 50, steps: 1, text: 'done early' });
    const result = await runCli(['tasks', ...target, 'result', quick.id]);
    assert.equal(result.code, 0, result.stderr);
    const cancel = await runCli(['tasks', ...target, 'cancel', quick.id]);
    assert.equal(cancel.code, 1, cancel.stderr);
    assert.match(lines(cancel.stderr).at(-1)!, /^mcp-tasks: not cancelled: task [0-9a-f]{32} had already ended as completed$/);
  });

  it('result of a failed task prints the reason and exits 1', async () => {
    const failing = await detach({ ms: 50, steps: 1, text: 'disk on fire', fail: true });
    const result = await runCli(['tasks', ...target, 'result', failing.id]);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(lines(result.stderr).at(-1)!, /^mcp-tasks: failed: disk on fire$/);
  });

  it('get, result and cancel of an unknown id exit 1 with one clear line', async () => {
    for (const action of ['get', 'result', 'cancel']) {
      const run = await runCli(['tasks', ...target, action, 'feedfacefeedfacefeedfacefeedface']);
      assert.equal(run.code, 1, `${action}: ${run.stderr}`);
      assert.match(lines(run.stderr).at(-1)!, /^mcp-tasks: (unknown task|expired).*(expired|no longer knows)/, `${action}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /^\s+at /m);
    }
  });

  it('a detached call shows up for a waiting result once it completes', async () => {
    const task = await detach({ ms: 1500, steps: 3, text: 'waited for' });
    const result = await runCli(['tasks', ...target, 'result', task.id]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'waited for\n');
    assert.match(result.stderr, new RegExp(`^task ${task.id}: working`, 'm'));
  });
});
