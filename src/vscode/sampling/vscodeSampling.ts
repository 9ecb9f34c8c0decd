/**
 * Answers a server's sampling/createMessage with a VS Code language model (vscode.lm): picks the
 * model, asks the person (unless a remembered permission covers the server), sends the request,
 * cuts the reply at a stop sequence or at maxTokens, optionally lets the person edit the reply.
 * Every refusal reaches the server as an error with its code and a message; nothing waits forever: the
 * request's signal cancels the model request.
 */
import * as vscode from 'vscode';
import type { CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes as ErrorCode, RequestRefusal } from '../../core/model/errorCodes';
import { samplingGrantee } from './samplingGrantee';
import type { ServerRequestContext } from '../../core/ports';
import { plainText } from '../inertText';
import { chooseModel, modelLabel } from './modelChoice';
import { askSamplingConsent, reviewReply } from './samplingConsent';
import type { SamplingPermissions } from './samplingPermissions';
import { cutAtStopSequence, toChatTurns, type ChatTurn, type SamplingParams } from './samplingRequest';

/** The code the specification gives for "the user rejected the sampling request". */
export const USER_REJECTED = -1;

export interface SamplingSettings {
  modelByServer: Record<string, string>;
  allowedModels: Record<string, string[]>;
  reviewResponse: boolean;
}

export function samplingSettings(): SamplingSettings {
  const section = vscode.workspace.getConfiguration('mcpTasks.sampling');
  return {
    modelByServer: section.get<Record<string, string>>('modelByServer', {}),
    allowedModels: section.get<Record<string, string[]>>('allowedModels', {}),
    reviewResponse: section.get<boolean>('reviewResponse', false),
  };
}

export class VsCodeSampling {
  constructor(
    private readonly permissions: SamplingPermissions,
    private readonly log?: vscode.LogOutputChannel,
    private readonly settings: () => SamplingSettings = samplingSettings,
    /** The definition a configured server runs (its grants are kept by it). */
    private readonly definitionOf: (serverId: string) => unknown = () => undefined,
  ) {}

  async createMessage(params: SamplingParams, context: ServerRequestContext): Promise<CreateMessageResult> {
    const server = context.serverLabel;
    const converted = toChatTurns(params);
    if (converted.problems.length > 0) {
      this.log?.warn(`${server}: sampling request refused: ${converted.problems.join('; ')}`);
      throw new RequestRefusal(ErrorCode.InvalidParams, `The request cannot be sent to a VS Code language model: ${converted.problems.join('; ')}`);
    }
    const settings = this.settings();
    const models = await vscode.lm.selectChatModels();
    const choice = chooseModel({
      models,
      preference: settings.modelByServer[server],
      hints: params.modelPreferences?.hints?.map((h) => h.name ?? '').filter(Boolean),
      allowed: Array.isArray(settings.allowedModels[server]) ? settings.allowedModels[server] : undefined,
    });
    if (!choice.model) {
      const why = models.length === 0
        ? vscode.l10n.t('{0} asked to use a language model, but VS Code has none available. Install or sign in to a language model provider to answer such requests.', plainText(server))
        : vscode.l10n.t('{0} asked to use a language model, but {1}. Check "mcpTasks.sampling.allowedModels".', plainText(server), plainText(choice.why));
      this.log?.warn(`${server}: sampling request refused: ${choice.why}`);
      void vscode.window.showWarningMessage(why);
      throw new RequestRefusal(ErrorCode.InternalError, `No language model can answer: ${choice.why}`);
    }
    const model = choice.model;
    this.log?.info(`${server}: sampling request (${params.messages.length} messages, maxTokens ${params.maxTokens}) → ${modelLabel(model)}, chosen by ${choice.why}`);

    const grantee = samplingGrantee(context.serverId, server, this.definitionOf(context.serverId));
    if (!this.permissions.scopeOf(grantee)) {
      const answer = await askSamplingConsent({ serverLabel: server, params, modelName: modelLabel(model), signal: context.signal });
      if (context.signal.aborted) throw new RequestRefusal(ErrorCode.RequestTimeout, 'The request was cancelled');
      if (!answer || !(await this.permissions.record(grantee, answer))) {
        this.log?.info(`${server}: sampling request denied by the user`);
        throw new RequestRefusal(USER_REJECTED, 'The user declined the sampling request');
      }
    }

    let { text, stopReason } = await this.send(model, converted.turns, params, context.signal);
    if (settings.reviewResponse) {
      const reviewed = await reviewReply(server, text, context.signal);
      if (reviewed === undefined) throw new RequestRefusal(USER_REJECTED, 'The user discarded the model\'s reply');
      text = reviewed;
    }
    this.log?.info(`${server}: sampling answered by ${model.id} (${text.length} characters, ${stopReason})`);
    return { model: model.id, role: 'assistant', content: { type: 'text', text }, stopReason };
  }

  private async send(model: vscode.LanguageModelChat, turns: readonly ChatTurn[], params: SamplingParams, signal: AbortSignal): Promise<{ text: string; stopReason: string }> {
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await model.sendRequest(turns.map(toChatMessage), {
        justification: vscode.l10n.t('An MCP server asked for a reply from a language model (sampling).'),
        modelOptions: {
          maxTokens: params.maxTokens,
          ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
          ...(params.stopSequences?.length ? { stopSequences: params.stopSequences } : {}),
        },
      }, cts.token);
      let text = '';
      let checkedAt = 0;
      for await (const chunk of response.text) {
        text += chunk;
        const cut = cutAtStopSequence(text, params.stopSequences);
        if (cut.stopped) return { text: cut.text, stopReason: 'stopSequence' };
        // A token is at least one character: only a reply longer than maxTokens characters can be over.
        if (text.length > params.maxTokens && text.length > checkedAt * 1.25) {
          checkedAt = text.length;
          if (await model.countTokens(text, cts.token) > params.maxTokens) return { text: await this.trimToTokens(model, text, params.maxTokens, cts.token), stopReason: 'maxTokens' };
        }
      }
      if (signal.aborted) throw new RequestRefusal(ErrorCode.RequestTimeout, 'The request was cancelled');
      return { text, stopReason: 'endTurn' };
    } catch (err) {
      if (err instanceof RequestRefusal) throw err;
      if (signal.aborted) throw new RequestRefusal(ErrorCode.RequestTimeout, 'The request was cancelled');
      const message = err instanceof vscode.LanguageModelError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
      this.log?.warn(`sampling with ${model.id} failed: ${message}`);
      throw new RequestRefusal(ErrorCode.InternalError, `The language model could not answer: ${message}`);
    } finally {
      signal.removeEventListener('abort', onAbort);
      cts.cancel(); // ends the stream if the loop stopped early
      cts.dispose();
    }
  }

  /** The longest prefix (to within 16 characters) that fits in maxTokens. */
  private async trimToTokens(model: vscode.LanguageModelChat, text: string, maxTokens: number, token: vscode.CancellationToken): Promise<string> {
    let lo = 0;
    let hi = text.length;
    while (hi - lo > 16) {
      const mid = Math.floor((lo + hi) / 2);
      if (await model.countTokens(text.slice(0, mid), token) <= maxTokens) lo = mid;
      else hi = mid;
    }
    return text.slice(0, lo);
  }
}

function toChatMessage(turn: ChatTurn): vscode.LanguageModelChatMessage {
  const parts = turn.parts.map((p) => (p.kind === 'text'
    ? new vscode.LanguageModelTextPart(p.text)
    : vscode.LanguageModelDataPart.image(Buffer.from(p.data, 'base64'), p.mimeType)));
  return turn.role === 'user' ? vscode.LanguageModelChatMessage.User(parts) : vscode.LanguageModelChatMessage.Assistant(parts);
}
