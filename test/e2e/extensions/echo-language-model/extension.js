// A language model for the end-to-end tests of sampling: it replies "Echo: <the last user text>"
// (in two chunks, as a streaming model would) and records every request it receives, so a test
// can check what the host sent (messages, roles, model options). Tests reach the records through
// this extension's exports.
const vscode = require('vscode');

const MODEL = {
  id: 'echo-1',
  name: 'Echo Test Model',
  family: 'echo',
  version: '1',
  maxInputTokens: 8192,
  maxOutputTokens: 1024,
  capabilities: { imageInput: false, toolCalling: false },
};

function textOf(message) {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

function activate(context) {
  const requests = [];
  const provider = {
    provideLanguageModelChatInformation: () => [MODEL],
    async provideLanguageModelChatResponse(model, messages, options, progress, token) {
      const seen = messages.map((m) => ({ role: m.role === vscode.LanguageModelChatMessageRole.User ? 'user' : 'assistant', text: textOf(m) }));
      requests.push({ model: model.id, messages: seen, modelOptions: { ...(options.modelOptions ?? {}) } });
      const lastUser = [...seen].reverse().find((m) => m.role === 'user');
      const reply = `Echo: ${lastUser ? lastUser.text : ''}`;
      const half = Math.ceil(reply.length / 2);
      for (const chunk of [reply.slice(0, half), reply.slice(half)]) {
        if (token.isCancellationRequested) return;
        progress.report(new vscode.LanguageModelTextPart(chunk));
      }
    },
    provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text : textOf(text)).length / 4),
  };
  context.subscriptions.push(vscode.lm.registerLanguageModelChatProvider('mcp-tasks-test', provider));
  return { requests };
}

module.exports = { activate, deactivate() {} };
