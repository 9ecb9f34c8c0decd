import type { CreateTaskRequestHandlerExtra, TaskRequestHandlerExtra, ToolTaskHandler } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import type { ShapeOutput, ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTask, type TaskRunDeps, type TaskWork } from './taskRun';

export interface TaskToolSpec<Shape extends ZodRawShapeCompat> {
  title: string;
  description: string;
  taskSupport: 'optional' | 'required';
  inputSchema: Shape;
  outputSchema?: ZodRawShapeCompat;
  initialMessage: (args: ShapeOutput<Shape>) => string;
  work: (task: TaskWork, args: ShapeOutput<Shape>) => Promise<CallToolResult>;
}

/** Registers a tool whose calls always run `spec.work` as a task (see startTask). */
export function registerTaskTool<Shape extends ZodRawShapeCompat>(deps: TaskRunDeps, name: string, spec: TaskToolSpec<Shape>): void {
  const handler = {
    createTask: (args: ShapeOutput<Shape>, extra: CreateTaskRequestHandlerExtra) =>
      startTask(deps, extra, name, spec.initialMessage(args), (task) => spec.work(task, args)),
    getTask: (_args: unknown, extra: TaskRequestHandlerExtra) => extra.taskStore.getTask(extra.taskId),
    getTaskResult: async (_args: unknown, extra: TaskRequestHandlerExtra) => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
  } as ToolTaskHandler<Shape>;
  deps.server.experimental.tasks.registerToolTask(name, {
    title: spec.title,
    description: spec.description,
    inputSchema: spec.inputSchema,
    ...(spec.outputSchema ? { outputSchema: spec.outputSchema } : {}),
    execution: { taskSupport: spec.taskSupport },
  }, handler);
}
