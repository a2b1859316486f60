-- 006_imports.sql: importing clients in bulk from a CSV file: one row per uploaded file, its
-- column mapping, options, progress and counts, and the rows it did not import (and why)

CREATE TABLE imports (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  staff_id      BIGINT UNSIGNED NOT NULL,
  file_name     VARCHAR(255) NOT NULL,
  -- the uploaded bytes in Paths.Files/imports/ (removed once the import has run)
  storage_key   CHAR(64) NULL,
  encoding      ENUM('utf-8', 'windows-1252') NOT NULL DEFAULT 'utf-8',
  delimiter     ENUM('comma', 'semicolon', 'tab') NOT NULL DEFAULT 'comma',
  -- the header's columns, separated by the unit separator (0x1f)
  header        TEXT NOT NULL,
  state         ENUM('uploaded', 'mapped', 'running', 'done', 'failed') NOT NULL
                DEFAULT 'uploaded',
  -- one target per column, separated by commas ("first_name,,email,tags": '' ignores)
  mapping       TEXT NOT NULL,
  existing      ENUM('skip', 'update') NOT NULL DEFAULT 'skip',
  invite        TINYINT(1) NOT NULL DEFAULT 0,
  -- 1 while queued or running, NULL otherwise: the unique key lets only one import run
  running       TINYINT(1) NULL,
  job_id        BIGINT UNSIGNED NULL,
  total         INT UNSIGNED NOT NULL DEFAULT 0,   -- data rows in the file
  done_rows     INT UNSIGNED NOT NULL DEFAULT 0,   -- rows handled, saved with their batch
  created       INT UNSIGNED NOT NULL DEFAULT 0,
  updated       INT UNSIGNED NOT NULL DEFAULT 0,
  skipped       INT UNSIGNED NOT NULL DEFAULT 0,
  failed        INT UNSIGNED NOT NULL DEFAULT 0,
  invited       INT UNSIGNED NOT NULL DEFAULT 0,
  error         VARCHAR(500) NULL,                 -- why a failed import stopped
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL,
  started_at    DATETIME NULL,
  finished_at   DATETIME NULL,
  UNIQUE KEY imports_running (running),
  KEY imports_recent (created_at),
  CONSTRAINT imports_staff_fk FOREIGN KEY (staff_id) REFERENCES staff (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The rows an import did not import, with the reason and the row as it was in the file (the
-- fields as CSV), for the downloadable report; saved in the same transaction as their batch.
CREATE TABLE import_problems (
  import_id  BIGINT UNSIGNED NOT NULL,
  file_row   INT UNSIGNED NOT NULL,          -- the spreadsheet row: the header is 1
  outcome    ENUM('failed', 'skipped') NOT NULL,
  reason     VARCHAR(1000) NOT NULL,
  fields     MEDIUMTEXT NOT NULL,
  PRIMARY KEY (import_id, file_row),
  CONSTRAINT import_problems_import_fk FOREIGN KEY (import_id) REFERENCES imports (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
