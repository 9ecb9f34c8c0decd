/**
 * The launches of one server, one after another: numbers them (ServerSession.generation), hands
 * each one what earlier ones learned about the server (its URL answers only legacy SSE; it speaks
 * MCP 2025-11-25 only, so no era probe) and the saved HTTP session to go on with, until a launch
 * succeeded with it or the server forgot it.
 */
import type { ServerDefinition } from '../config/types';
import { Launch, type LaunchListener, type LaunchOptions } from './sessionLaunch';
import type { SavedHttpSession } from './types';

/** What every launch of the server gets the same way. */
export type LaunchBase = Omit<LaunchOptions, 'definition' | 'preferLegacySse' | 'knownLegacy' | 'resume'>;

export class LaunchSeries {
  private count = 0;
  private preferLegacySse = false;
  private knownLegacy = false;

  constructor(private readonly base: LaunchBase, private resume: SavedHttpSession | undefined) {}

  /** The saved session the next launch of `definition` goes on with (only HTTP has one). */
  resumeFor(definition: ServerDefinition): SavedHttpSession | undefined {
    return definition.type === 'http' ? this.resume : undefined;
  }

  /** The saved session served its purpose (a launch succeeded with it) or is gone (the server forgot it). */
  dropResume(): void {
    this.resume = undefined;
  }

  open(definition: ServerDefinition, resume: SavedHttpSession | undefined, listener: LaunchListener): Promise<Launch> {
    return Launch.open({
      ...this.base,
      definition,
      preferLegacySse: this.preferLegacySse,
      knownLegacy: this.knownLegacy,
      ...(resume ? { resume } : {}),
    }, ++this.count, listener);
  }

  /** What a launch that became the current one found out about the server, for the launches after it. */
  learn(launch: Launch): void {
    this.preferLegacySse = launch.usedLegacySse;
    if (launch.legacyOnly) this.knownLegacy = true;
  }
}
