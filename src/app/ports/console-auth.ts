// Console sign-in: one-time login codes and sessions (src/app/console-login.ts, src/web/).

export type ConsoleRole = 'staff' | 'leader' | 'admin';

/** Who a login code or session is for, and what they may see: `communities` null means all. */
export interface ConsoleIdentity {
  personId: string;
  personName: string;
  role: ConsoleRole;
  communities: string[] | null;
}

export interface NewLoginCode extends ConsoleIdentity {
  /** sha256 (hex) of the code: the code itself is only ever in the person's private chat. */
  codeHash: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface ConsoleSession extends ConsoleIdentity {
  /** sha256 (hex) of the cookie value. */
  idHash: string;
  /** Must accompany every state-changing request (header x-csrf-token or form field _csrf). */
  csrfToken: string;
  /** How the session was opened: a login code from the bot, or the bootstrap token. */
  method: 'code' | 'token';
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export interface ConsoleAuthRepository {
  /** Stores a new code and retires the person's earlier unused ones. */
  createLoginCode(code: NewLoginCode): Promise<void>;
  /** An unused, unexpired code with this hash exists (so a new code must differ). */
  hasActiveLoginCode(codeHash: string, now: Date): Promise<boolean>;
  /** Marks the unused, unexpired code used, once even under races; null when there is none. */
  consumeLoginCode(codeHash: string, now: Date): Promise<ConsoleIdentity | null>;
  createSession(session: ConsoleSession): Promise<void>;
  /** The session, revoked or expired ones included (the caller decides). */
  findSession(idHash: string): Promise<ConsoleSession | null>;
  touchSession(idHash: string, at: Date): Promise<void>;
  revokeSession(idHash: string, at: Date): Promise<void>;
  /** Newest first: the login log. */
  recentSessions(limit: number): Promise<ConsoleSession[]>;
  /** Newest first, one person's sessions (the people page lists and ends them). */
  sessionsOf(personId: string, limit: number): Promise<ConsoleSession[]>;
  /**
   * Ends every open session of a person and retires their unused login codes (removed, or their
   * role changed): returns how many sessions were ended.
   */
  endSessionsOf(personId: string, at: Date): Promise<number>;
  /** How many login codes this person was sent since `since` (a per-account limit). */
  loginCodesIssuedSince(personId: string, since: Date): Promise<number>;
}
