-- 001_foundation.sql: staff, sign-in sessions, throttling, audit log, jobs, tokens
-- All times are UTC (every connection sets time_zone = '+00:00').

CREATE TABLE staff (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email         VARCHAR(254) NOT NULL,
  name          VARCHAR(200) NOT NULL,
  role          ENUM('admin', 'clinician') NOT NULL,
  password_hash VARCHAR(160) NOT NULL,
  active        TINYINT(1) NOT NULL DEFAULT 1,
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL,
  -- the collation compares case-insensitively: one account per address however it is typed
  UNIQUE KEY staff_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE auth_sessions (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash   BINARY(32) NOT NULL,
  user_kind    ENUM('anonymous', 'staff', 'client') NOT NULL,
  user_id      BIGINT UNSIGNED NULL,
  csrf_token   CHAR(64) NOT NULL,
  flash_kind   VARCHAR(16) NULL,
  flash_text   VARCHAR(500) NULL,
  ip           VARCHAR(45) NOT NULL DEFAULT '',
  user_agent   VARCHAR(255) NOT NULL DEFAULT '',
  created_at   DATETIME NOT NULL,
  last_seen_at DATETIME NOT NULL,
  UNIQUE KEY auth_sessions_token (token_hash),
  KEY auth_sessions_user (user_kind, user_id),
  KEY auth_sessions_seen (last_seen_at),
  KEY auth_sessions_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE signin_failures (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email      VARCHAR(254) NOT NULL,
  ip         VARCHAR(45) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  KEY signin_failures_email (email, created_at),
  KEY signin_failures_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only: who did what to which record, when, from where. Never clinical text.
CREATE TABLE audit_log (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME NOT NULL,
  actor_kind  ENUM('staff', 'client', 'system', 'anonymous') NOT NULL,
  actor_id    BIGINT UNSIGNED NULL,
  action      VARCHAR(64) NOT NULL,
  object_kind VARCHAR(32) NULL,
  object_id   BIGINT UNSIGNED NULL,
  ip          VARCHAR(45) NOT NULL DEFAULT '',
  detail      VARCHAR(1000) NULL,   -- room to name every changed field of a record
  KEY audit_log_object (object_kind, object_id),
  KEY audit_log_actor (actor_kind, actor_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only: the program only ever inserts into it, and a chain of SHA-256 seals
-- (020_audit_chain.sql, "casebook audit verify") shows any entry altered or removed since.

-- Work for the job runner: one row per job; repeating jobs go back to 'queued'.
CREATE TABLE jobs (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind           VARCHAR(32) NOT NULL,
  unique_key     VARCHAR(64) NULL,
  state          ENUM('queued', 'running', 'done', 'failed') NOT NULL DEFAULT 'queued',
  run_at         DATETIME NOT NULL,
  repeat_seconds INT UNSIGNED NULL,
  attempts       INT UNSIGNED NOT NULL DEFAULT 0,
  max_attempts   INT UNSIGNED NOT NULL DEFAULT 5,
  payload        MEDIUMTEXT NULL,
  progress       INT UNSIGNED NOT NULL DEFAULT 0,
  total          INT UNSIGNED NOT NULL DEFAULT 0,
  last_error     VARCHAR(500) NULL,
  locked_by      VARCHAR(128) NULL,
  locked_at      DATETIME NULL,
  created_at     DATETIME NOT NULL,
  updated_at     DATETIME NOT NULL,
  finished_at    DATETIME NULL,
  UNIQUE KEY jobs_unique (unique_key),
  KEY jobs_due (state, run_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Single-use tokens (invitations, email verification, password resets): only the SHA-256
-- of a token is stored.
CREATE TABLE tokens (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind        ENUM('invite', 'verify_email', 'reset') NOT NULL,
  token_hash  BINARY(32) NOT NULL,
  subject_id  BIGINT UNSIGNED NULL,
  email       VARCHAR(254) NULL,
  created_at  DATETIME NOT NULL,
  expires_at  DATETIME NOT NULL,
  used_at     DATETIME NULL,
  revoked_at  DATETIME NULL,
  UNIQUE KEY tokens_hash (token_hash),
  KEY tokens_subject (kind, subject_id),
  KEY tokens_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
