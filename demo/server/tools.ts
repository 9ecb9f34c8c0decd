import { z } from 'zod';
import { registerAskUser } from './askUser';
import { registerTaskTool } from './taskTool';
import { errorResult, textResult, type TaskRunDeps } from './taskRun';

export const BUILD_FAILURE_MESSAGE = "Build failed: 3 tests failed in module 'parser'";

const REPORT_STAGES = ['Gathering sources', 'Reading material', 'Comparing findings', 'Drafting sections', 'Checking facts', 'Polishing wording'];

/** Registers every demo tool on `server`. */
export function registerDemoTools(deps: TaskRunDeps): void {
  const { server } = deps;

  server.registerTool(
    'echo',
    {
      title: 'Echo',
      description: 'Returns the text you send, immediately. A plain tool call without a task.',
      inputSchema: { text: z.string().describe('Text to send back') },
      annotations: { readOnlyHint: true },
    },
    ({ text }) => textResult(text),
  );

  registerTaskTool(deps, 'quick_summary', {
    title: 'Quick Summary',
    description: 'Summarizes a piece of text in about half a second. Runs as a task when the host asks for one.',
    taskSupport: 'optional',
    inputSchema: { text: z.string().describe('The text to summarize') },
    initialMessage: () => 'Reading the text…',
    work: async (task, { text }) => {
      await task.sleep(500);
      return textResult(summarize(text));
    },
  });

  registerTaskTool(deps, 'slow_report', {
    title: 'Slow Report',
    description: 'Writes a short markdown report step by step, with progress and status messages. Always runs as a task; can be cancelled.',
    taskSupport: 'required',
    inputSchema: {
      steps: z.number().int().min(1).max(20).default(5).describe('How many steps the report takes (1–20)'),
      stepMs: z.number().int().min(0).max(60_000).default(1000).describe('How long each step takes, in milliseconds'),
      topic: z.string().default('demo').describe('What the report is about'),
    },
    outputSchema: { topic: z.string(), steps: z.number().int() },
    initialMessage: ({ topic }) => `Starting a report on “${topic}”`,
    work: async (task, { steps, stepMs, topic }) => {
      const lines: string[] = [];
      for (let i = 1; i <= steps; i++) {
        await task.sleep(stepMs);
        const stage = REPORT_STAGES[(i - 1) % REPORT_STAGES.length];
        const message = `Step ${i}/${steps}: ${stage}`;
        await task.setStatus('working', message);
        await task.progress(i, steps, message);
        lines.push(`${i}. ${stage} — done`);
      }
      const report = [
        `# Report: ${topic}`,
        '',
        `Finished in ${steps} step${steps === 1 ? '' : 's'}.`,
        '',
        '## Steps',
        ...lines,
        '',
        '## Summary',
        `The demo server worked through ${steps} step${steps === 1 ? '' : 's'} on “${topic}”. The content is made up; it shows how a long-running task reports progress.`,
      ].join('\n');
      return textResult(report, { topic, steps });
    },
  });

  registerTaskTool(deps, 'flaky_build', {
    title: 'Flaky Build',
    description: 'Pretends to build and test a project, then fails. Shows how a failed task looks.',
    taskSupport: 'required',
    inputSchema: {
      failAfterMs: z.number().int().min(0).max(60_000).default(1500).describe('How long the build runs before it fails, in milliseconds'),
    },
    initialMessage: () => 'Compiling 42 files…',
    work: async (task, { failAfterMs }) => {
      await task.sleep(Math.floor(failAfterMs / 2));
      await task.setStatus('working', 'Running 128 tests…');
      await task.progress(1, 2, 'Compiled; running tests');
      await task.sleep(failAfterMs - Math.floor(failAfterMs / 2));
      return errorResult(BUILD_FAILURE_MESSAGE);
    },
  });

  registerTaskTool(deps, 'long_wait', {
    title: 'Long Wait',
    description: 'Waits for the given number of seconds and reports progress every second. Good for trying cancel and reload.',
    taskSupport: 'optional',
    inputSchema: {
      seconds: z.number().int().min(1).max(3600).default(30).describe('How many seconds to wait (1–3600)'),
    },
    initialMessage: ({ seconds }) => `Waiting ${seconds} s`,
    work: async (task, { seconds }) => {
      for (let i = 1; i <= seconds; i++) {
        await task.sleep(1000);
        const message = `Waited ${i} of ${seconds} s`;
        await task.setStatus('working', message);
        await task.progress(i, seconds, message);
      }
      return textResult(`Waited ${seconds} second${seconds === 1 ? '' : 's'}.`);
    },
  });

  registerAskUser(deps);
}

/** A deterministic one-line digest: counts plus the opening sentence. */
export function summarize(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'Nothing to summarize: the text is empty.';
  const words = trimmed.split(/\s+/).length;
  const sentences = trimmed.split(/[.!?]+(?:\s|$)/).filter((s) => s.trim()).length;
  const first = trimmed.split(/(?<=[.!?])\s/)[0];
  const opening = first.length > 120 ? `${first.slice(0, 117)}…` : first;
  return `Summary (${words} word${words === 1 ? '' : 's'}, ${sentences} sentence${sentences === 1 ? '' : 's'}): ${opening}`;
}
