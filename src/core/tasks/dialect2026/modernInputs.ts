/**
 * Answers a modern task's input requests (`input_required` with `inputRequests`) through the same
 * host request handler that answers a 2025-11-25 server's elicitation and sampling requests, so
 * the person sees the same question under the same task; each answer goes back with `tasks/update`.
 * A request is asked once per task and key; when the task moves on (answered elsewhere, ended),
 * its open questions are withdrawn.
 */
import { CreateMessageRequestSchema, ElicitRequestSchema, type ClientCapabilities, type Root } from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, Logger } from '../../ports';
import { errorMessage } from '../protocolErrors';
import type { InputResponses } from './taskProtocol2026';
import type { ModernTask } from './taskShapes2026';
import type { InputRequest } from './wire2026';

export interface InputAnswererOptions {
  readonly serverId: string;
  readonly serverLabel: string;
  /** What the host declared: a request of an undeclared kind is not answered. */
  readonly capabilities: ClientCapabilities;
  readonly hostRequests?: HostRequestHandler;
  readonly roots?: () => Promise<readonly Root[]>;
  readonly logger: Logger;
  /** Sends the answers (tasks/update). */
  readonly send: (taskId: string, responses: InputResponses) => Promise<void>;
}

interface OpenQuestions {
  /** Keys asked already (answered, or being answered). */
  readonly asked: Set<string>;
  readonly abort: AbortController;
}

/** Tasks with open questions kept at most; the oldest is withdrawn beyond it. */
const MAX_TASKS = 256;

export class InputAnswerer {
  private readonly tasks = new Map<string, OpenQuestions>();

  constructor(private readonly options: InputAnswererOptions) {}

  /** Every snapshot of a task passes here: new input requests are asked, finished ones withdrawn. */
  observe(task: ModernTask): void {
    if (task.status !== 'input_required') {
      this.withdraw(task.taskId);
      return;
    }
    let open = this.tasks.get(task.taskId);
    if (!open) {
      if (this.tasks.size >= MAX_TASKS) this.withdraw(this.tasks.keys().next().value!);
      open = { asked: new Set(), abort: new AbortController() };
      this.tasks.set(task.taskId, open);
    }
    for (const [key, request] of Object.entries(task.inputRequests)) {
      if (open.asked.has(key)) continue;
      open.asked.add(key);
      void this.answer(task.taskId, key, request, open.abort.signal);
    }
  }

  /** The task no longer waits on its questions (or the session ends): close what is still shown. */
  withdraw(taskId: string): void {
    const open = this.tasks.get(taskId);
    if (!open) return;
    this.tasks.delete(taskId);
    open.abort.abort(new Error('The server no longer asks this question'));
  }

  dispose(): void {
    for (const taskId of [...this.tasks.keys()]) this.withdraw(taskId);
  }

  /**
   * Answers the input requests of a request that has no task yet (MRTR on `tools/call`), one
   * after the other; any one that cannot be answered fails the call with the reason.
   */
  async answerAll(requests: Record<string, InputRequest>, signal: AbortSignal): Promise<InputResponses> {
    const responses: InputResponses = {};
    for (const [key, request] of Object.entries(requests)) {
      try {
        responses[key] = await this.respond(undefined, request, signal);
      } catch (err) {
        throw new Error(`the server asked for ${request.method} before running the tool, and it could not be answered: ${errorMessage(err)}`);
      }
    }
    return responses;
  }

  private async answer(taskId: string, key: string, request: InputRequest, signal: AbortSignal): Promise<void> {
    try {
      const response = await this.respond(taskId, request, signal);
      if (signal.aborted) return;
      await this.options.send(taskId, { [key]: response });
    } catch (err) {
      if (signal.aborted) return;
      this.options.logger.warn(`task ${taskId}: could not answer its ${request.method} request "${key}": ${errorMessage(err)}`);
    }
  }

  private async respond(taskId: string | undefined, request: InputRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const { capabilities, hostRequests } = this.options;
    const context = { serverId: this.options.serverId, serverLabel: this.options.serverLabel, ...(taskId !== undefined ? { relatedTaskId: taskId } : {}), signal };
    switch (request.method) {
      case 'elicitation/create': {
        if (!capabilities.elicitation || !hostRequests) throw new Error('this host does not answer questions here');
        const params = ElicitRequestSchema.shape.params.safeParse(request.params);
        if (!params.success) throw new Error(`the question is malformed (${params.error.issues[0]?.message ?? 'invalid'})`);
        return { ...await hostRequests.elicit(params.data, context) };
      }
      case 'sampling/createMessage': {
        if (!capabilities.sampling || !hostRequests) throw new Error('this host does not answer sampling requests here');
        const params = CreateMessageRequestSchema.shape.params.safeParse(request.params);
        if (!params.success) throw new Error(`the sampling request is malformed (${params.error.issues[0]?.message ?? 'invalid'})`);
        return { ...await hostRequests.createMessage(params.data, context) };
      }
      case 'roots/list':
        if (!capabilities.roots || !this.options.roots) throw new Error('this host offers no roots');
        return { roots: [...await this.options.roots()] };
      default:
        throw new Error(`this host does not answer ${request.method}`);
    }
  }
}
