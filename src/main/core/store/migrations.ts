/**
 * Ordered schema migrations, tracked with PRAGMA user_version. Migration N takes a store at
 * version N-1 to N. Never edit a released migration: add the next one.
 */

/** Marks the file as ours ("GATE"), so a foreign SQLite file is refused rather than adopted. */
export const APPLICATION_ID = 0x47415445;

export const MIGRATIONS: readonly string[] = [
  // 1: accounts, sessions, throttling of unknown identifiers, audit log, stored policy.
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    username_norm TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_login_at INTEGER,
    password_changed_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    remember INTEGER NOT NULL DEFAULT 0 CHECK (remember IN (0, 1))
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE login_throttle (
    identifier_norm TEXT PRIMARY KEY,
    failed_attempts INTEGER NOT NULL,
    locked_until INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    event TEXT NOT NULL,
    user_id INTEGER,
    actor_id INTEGER,
    identifier TEXT,
    detail TEXT
  );
  CREATE INDEX audit_by_time ON audit_log(at);
  CREATE INDEX audit_by_user ON audit_log(user_id);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2 (issue 10 §3, §4): coalescing audit rows looks them up by event and identifier; usernames
  // are unique by their UTS #39 confusable skeleton (filled in by the core, which has the data).
  `
  CREATE INDEX audit_by_event_identifier ON audit_log(event, identifier);
  ALTER TABLE users ADD COLUMN username_skeleton TEXT;
  CREATE INDEX users_by_skeleton ON users(username_skeleton);
  `,
  // 3: a lock belongs to the session, not to the window: a remembered session that was locked
  // comes back locked after a reload, a restart or in a new window (issue 10).
  `
  ALTER TABLE sessions ADD COLUMN locked_at INTEGER;
  `,
  // Issue 11: a deleted account keeps its name in the audit log (rows, user filter, CSV). The
  // name is kept when the account is deleted; accounts deleted before this migration get the
  // name their delete row recorded.
  `
  CREATE TABLE deleted_users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    deleted_at INTEGER NOT NULL
  );
  INSERT OR IGNORE INTO deleted_users (id, username, deleted_at)
    SELECT user_id, json_extract(detail, '$.username'), at FROM audit_log
    WHERE event = 'admin_delete_user' AND user_id IS NOT NULL AND json_valid(detail)
      AND json_type(detail, '$.username') = 'text';
  `,
  // Issue 13: two-step verification. One row per account that has set it up (or must set it
  // up again after an administrator's reset); recovery codes only as keyed hashes.
  `
  CREATE TABLE two_step (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret TEXT,
    enabled_at INTEGER,
    last_step INTEGER,
    recovery_salt TEXT,
    setup_required INTEGER NOT NULL DEFAULT 0 CHECK (setup_required IN (0, 1))
  );
  CREATE TABLE two_step_recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, code_hash)
  );
  `,
  // Issue 14 (account lifecycle): \`keep\` exempts an account from inactive-account removal;
  // \`password_imported\` marks a hash brought in by \`gatehouse import\` (bcrypt, werkzeug pbkdf2 or
  // scrypt), checked against the password as typed and re-hashed at its first sign-in;
  // \`inactive_disabled_at\` is when the inactive-account rule disabled it (deleted after a grace).
  `
  ALTER TABLE users ADD COLUMN keep INTEGER NOT NULL DEFAULT 0 CHECK (keep IN (0, 1));
  ALTER TABLE users ADD COLUMN password_imported INTEGER NOT NULL DEFAULT 0 CHECK (password_imported IN (0, 1));
  ALTER TABLE users ADD COLUMN inactive_disabled_at INTEGER;
  `,
  // Issue 16 (directory sign-in): which accounts come from the organisation's directory, with
  // their cached offline credential (a bcrypt hash, SSSD-style) and its own failure count; and
  // whether a session was signed in offline (the dashboard says so).
  `
  CREATE TABLE directory_accounts (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    dn TEXT NOT NULL,
    cached_hash TEXT,
    last_online_at INTEGER,
    offline_failures INTEGER NOT NULL DEFAULT 0
  );
  ALTER TABLE sessions ADD COLUMN offline INTEGER NOT NULL DEFAULT 0;
  `,
  // Issue 11: the dashboard tells a person their previous sign-in (the one before this one) and
  // the failed attempts on their account since, as Linux and Windows do at login. And "Remember
  // me" is off by default from now on: a store that already had accounts is marked, so it keeps
  // the default it had (on) unless an administrator changes it.
  `
  ALTER TABLE users ADD COLUMN previous_login_at INTEGER;
  ALTER TABLE users ADD COLUMN failed_signins_since_login INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN failed_signins_before_login INTEGER NOT NULL DEFAULT 0;
  INSERT INTO settings (key, value)
    SELECT 'rememberDefaultBeforeIssue11', 'true' WHERE EXISTS (SELECT 1 FROM users);
  `,
  // Issue 12: the number of audit rows, kept by triggers. Retention compares it with its limit
  // after every audit row; count(*) read the whole log each time (up to 200,000 rows), work in
  // proportion to the log on every write. Triggers run again on replay, so the count stays exact.
  `
  CREATE TABLE audit_log_size (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    entries INTEGER NOT NULL
  );
  INSERT INTO audit_log_size (only, entries) SELECT 1, count(*) FROM audit_log;
  CREATE TRIGGER audit_log_counts_insert AFTER INSERT ON audit_log BEGIN
    UPDATE audit_log_size SET entries = entries + 1;
  END;
  CREATE TRIGGER audit_log_counts_delete AFTER DELETE ON audit_log BEGIN
    UPDATE audit_log_size SET entries = entries - 1;
  END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
