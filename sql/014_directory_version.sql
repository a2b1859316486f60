-- 014_directory_version.sql: a version of everything the client directory (/clients) shows,
-- so a worker can keep rendered pages of it and know when they are out of date.

-- One row.  Raised after every committed change to the clients, their tags, the tags, portal
-- accounts, invitations (tokens) and tasks (the overdue counts).  The staff's names and the
-- practice's settings (date format, time zone) are under practice_settings.version already.
CREATE TABLE directory_version (
  id      TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  version BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB;

INSERT INTO directory_version (id, version) VALUES (1, 0);

-- The program raises the version once a request, a job or a command that changed one of the
-- directory's tables is over (listcache_publish), in its own short statement: one row counter
-- updated inside every writing transaction would make two transactions that write clients in
-- different orders wait on each other (and deadlock).  A statement that changes one of those
-- tables marks its connection (lib/db, db_marks_take).  Migrations hold no triggers
-- (019_no_triggers_versions.sql).
