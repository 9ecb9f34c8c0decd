/**
 * Registers the agent's language model tools at activation, so a model can find them at once;
 * what they do (agentTools.ts) loads at the first invocation, a bundle of its own.
 */
import * as vscode from 'vscode';
import { agentToolsBundle } from '../lazy/siblingBundles';
import { AGENT_TOOLS, type AgentToolName } from './agentToolNames';
import type { AgentToolsServices } from './agentTools';
import type { QuestionSource } from './taskReports';

export function registerAgentTools(services: AgentToolsServices, questions: QuestionSource): vscode.Disposable {
  let tools: Record<AgentToolName, vscode.LanguageModelTool<object>> | undefined;
  const toolNamed = (name: AgentToolName) => (tools ??= agentToolsBundle().createAgentTools(services, questions))[name];
  return vscode.Disposable.from(...Object.values(AGENT_TOOLS).map((name) => vscode.lm.registerTool<object>(name, {
    prepareInvocation: (options, token) => toolNamed(name).prepareInvocation?.(options, token),
    invoke: (options, token) => toolNamed(name).invoke(options, token),
  })));
}
