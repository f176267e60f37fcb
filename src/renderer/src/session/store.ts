/**
 * Who is signed in, what the core told us about its policy, and why the last session ended.
 * The route guards read this and nothing else, so every navigation that follows a change of
 * session (sign-in, sign-out, expiry, forced password change) is decided in one place.
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

  started: (appInfo: AppInfo, user: PublicUser | null) => void;
  appInfoChanged: (appInfo: AppInfo) => void;
  signedIn: (user: PublicUser) => void;
  userChanged: (user: PublicUser) => void;
  passwordChangeRequired: () => void;
  /** `message` is the core's own explanation (e.g. idle sign-out) when it gave one. */
  sessionEnded: (reason: SessionEndReason, message?: string) => void;
}

const initial = {
  ready: false,
  appInfo: null,
  user: null,
  ended: null,
} satisfies Partial<SessionState>;

export const useSession = create<SessionState>()((set) => ({
  ...initial,

  started: (appInfo, user) => set({ ready: true, appInfo, user }),

  appInfoChanged: (appInfo) => set({ appInfo }),

  signedIn: (user) => set({ user, ended: null }),

  userChanged: (user) => set((state) => (state.user ? { user } : {})),

  passwordChangeRequired: () =>
    set((state) => (state.user ? { user: { ...state.user, mustChangePassword: true } } : {})),

  // Keeps appInfo (it describes the machine, not the person) and drops everything about them.
  sessionEnded: (reason, message) =>
    set({ user: null, ended: { reason, message: message?.trim() || SESSION_END_MESSAGES[reason] } }),
}));

/** Back to the state before start-up; tests use it so one test's person never leaks into the next. */
export function resetSession(): void {
  useSession.setState({ ...initial });
}
