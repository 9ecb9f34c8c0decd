/**
 * The Streamable HTTP sessions the host runs on, by server id, in its home (sessions.json, only
 * the user can read it): after a restart (or a crash) the host goes on with the same session, so
 * the server still knows the tasks it keeps per session. A session we end is forgotten.
 */
import * as fs from 'node:fs';
import { writeFileAtomic } from '../core/ledger/atomicFile';
import type { Logger } from '../core/ports';
import type { SavedHttpSession } from '../core/servers/types';

export class SessionStore {
  private readonly sessions = new Map<string, SavedHttpSession>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string, private readonly logger: Logger) {
    try {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, SavedHttpSession>;
      for (const [serverId, session] of Object.entries(saved)) {
        if (typeof session?.sessionId === 'string' && typeof session.protocolVersion === 'string' && typeof session.capabilities === 'object') {
          this.sessions.set(serverId, session);
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`ignoring unreadable ${file}: ${(err as Error).message}`);
    }
  }

  get(serverId: string): SavedHttpSession | undefined {
    return this.sessions.get(serverId);
  }

  set(serverId: string, session: SavedHttpSession | undefined): void {
    const known = this.sessions.get(serverId);
    if (session ? known?.sessionId === session.sessionId : known === undefined) return;
    if (session) this.sessions.set(serverId, session);
    else this.sessions.delete(serverId);
    this.save();
  }

  /** Resolves once every change so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private save(): void {
    const text = JSON.stringify(Object.fromEntries(this.sessions), null, 2);
    this.writing = this.writing
      .then(() => writeFileAtomic(this.file, text))
      .then(() => fs.promises.chmod(this.file, 0o600))
      .catch((err: unknown) => this.logger.warn(`could not save ${this.file}: ${(err as Error).message}`));
  }
}
