/**
 * Who is signed in, what the core told us about its policy, and why the last session ended.
 * The route guards read this and nothing else, so every navigation that follows a change of
 * session (sign-in, sign-out, expiry, forced password change) is decided in one place.
 *
 * It also keeps the core's pushed screen lock and idle warning, so the lock screen and the idle
 * warning (src/safety) show the core's session clock rather than keep one of their own.
 */
import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import type { PublicUser } from '../../../shared/user';

export type SessionEndReason = 'signed-out' | 'expired' | 'not-authenticated';

export interface SessionEnd {
  reason: SessionEndReason;
  /** Shown on the sign-in screen. */
  message: string;
}

export const SESSION_END_MESSAGES: Record<SessionEndReason, string> = {
  'signed-out': 'You have been signed out.',
  expired: 'Your session expired. Please sign in again.',
  'not-authenticated': 'You are no longer signed in. Please sign in again.',
};

interface SessionState {
  /** False until the start-up questions (who is signed in, what is the policy) are answered. */
  ready: boolean;
  appInfo: AppInfo | null;
  user: PublicUser | null;
  ended: SessionEnd | null;
  /** The core holds this window's session behind the lock screen. */
  locked: boolean;
  /**
   * The core's latest idle warning: `msLeft` as pushed, and when it arrived (renderer clock), so
   * the countdown can tick down on screen between pushes. Null unless the core is warning.
   */
  idleWarning: { msLeft: number; receivedAt: number; locks: boolean; final?: boolean } | null;
  /**
   * When the hard session limit ends this session (renderer clock), pushed by the core only in
   * its last 10 minutes, so the header can show the time left; null otherwise.
   */
  sessionEndsAt: number | null;
  /**
   * Counts unlocks. A SESSION_LOCKED answer to a call sent before the latest unlock is stale and
   * must not lock the screen again (api.ts compares it).
   */
  unlockCount: number;

  started: (appInfo: AppInfo, user: PublicUser | null, locked?: boolean) => void;
  appInfoChanged: (appInfo: AppInfo) => void;
  signedIn: (user: PublicUser) => void;
  userChanged: (user: PublicUser) => void;
  passwordChangeRequired: () => void;
  /** The core refused a call until two-step verification is set up (issue 13). */
  twoStepSetupRequired: () => void;
  /** `message` is the core's own explanation (e.g. idle sign-out) when it gave one. */
  sessionEnded: (reason: SessionEndReason, message?: string) => void;
  /** The core pushed a warning (`msLeft`; `locks` for a remembered session), or null when it no longer warns. */
  idleWarningChanged: (warning: { msLeft: number; locks: boolean; final?: boolean } | null) => void;
  /** The core's time left before the hard limit (its last 10 minutes), or null. */
  sessionEndChanged: (endsInMs: number | null) => void;
  screenLocked: () => void;
  screenUnlocked: (user: PublicUser) => void;
}

const initial = {
  ready: false,
  appInfo: null,
  user: null,
  ended: null,
  locked: false,
  idleWarning: null,
  sessionEndsAt: null,
  unlockCount: 0,
} satisfies Partial<SessionState>;

export const useSession = create<SessionState>()((set) => ({
  ...initial,

  started: (appInfo, user, locked = false) => set({ ready: true, appInfo, user, locked: user !== null && locked }),

  appInfoChanged: (appInfo) => set({ appInfo }),

  signedIn: (user) => set({ user, ended: null, locked: false, sessionEndsAt: null }),

  userChanged: (user) => set((state) => (state.user ? { user } : {})),

  passwordChangeRequired: () =>
    set((state) => (state.user ? { user: { ...state.user, mustChangePassword: true } } : {})),

  twoStepSetupRequired: () =>
    set((state) => (state.user ? { user: { ...state.user, twoStepSetupRequired: true } } : {})),

  // Keeps appInfo (it describes the machine, not the person) and drops everything about them;
  // a sign-out also forgets the remembered name, as the core does (issue 11).
  sessionEnded: (reason, message) =>
    set((state) => ({
      appInfo: reason === 'signed-out' && state.appInfo ? { ...state.appInfo, rememberedUsername: null } : state.appInfo,
      user: null,
      locked: false,
      idleWarning: null,
      sessionEndsAt: null,
      ended: { reason, message: message?.trim() || SESSION_END_MESSAGES[reason] },
    })),

  idleWarningChanged: (warning) =>
    set((state) => ({ idleWarning: warning && state.user ? { ...warning, receivedAt: Date.now() } : null })),

  sessionEndChanged: (endsInMs) => set((state) => ({ sessionEndsAt: endsInMs !== null && state.user ? Date.now() + endsInMs : null })),

  screenLocked: () => set((state) => (state.user ? { locked: true, idleWarning: null } : {})),

  screenUnlocked: (user) => set((state) => ({ user, locked: false, unlockCount: state.unlockCount + 1 })),
}));

/** Back to the state before start-up; tests use it so one test's person never leaks into the next. */
export function resetSession(): void {
  useSession.setState({ ...initial });
}
