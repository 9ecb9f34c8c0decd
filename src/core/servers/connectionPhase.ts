/**
 * The phases of a server connection, each with what it owns: the start in flight, the live
 * session, the restart timer. ServerConnection holds exactly one.
 */
import type { Disposable } from '../events';
import type { Launch } from './sessionLaunch';
import type { ServerSession, ServerState, SessionChangeReason } from './types';

/** A start in flight. `launch` is set once the session is open (its tools are being listed). */
export interface Starting {
  readonly kind: 'starting';
  readonly reason: SessionChangeReason;
  /** An automatic start: when it fails, the restart series goes on. */
  readonly automatic: boolean;
  /** When the session this start replaces began running (a re-initialize keeps the series' clock). */
  readonly ranSince?: number;
  launch?: Launch;
  done?: Promise<ServerSession>;
}

export interface Running {
  readonly kind: 'running';
  readonly launch: Launch;
  /** When the session began running (a crash after a long run starts a new restart series). */
  readonly since: number;
}

export type Phase =
  | { readonly kind: 'stopped'; readonly reason?: string }
  | { readonly kind: 'error'; readonly message: string }
  | Starting
  | Running
  | { readonly kind: 'restarting'; readonly attempt: number; readonly delayMs: number; readonly lastError: string; readonly timer: Disposable };

/** The state views see: the phase without what it owns. */
export function publicState(phase: Phase): ServerState {
  switch (phase.kind) {
    case 'stopped': return phase.reason === undefined ? { kind: 'stopped' } : { kind: 'stopped', reason: phase.reason };
    case 'error': return { kind: 'error', message: phase.message };
    case 'starting': return { kind: 'starting' };
    case 'running': return { kind: 'running' };
    case 'restarting': return { kind: 'restarting', attempt: phase.attempt, delayMs: phase.delayMs, lastError: phase.lastError };
  }
}

/** The open session of a phase, if any (a start that is still listing tools has one too). */
export function launchOf(phase: Phase): Launch | undefined {
  return phase.kind === 'running' || phase.kind === 'starting' ? phase.launch : undefined;
}
