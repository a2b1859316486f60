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

-- The triggers take no lock: one row counter updated inside every writing transaction would
-- make two transactions that write clients in different orders wait on each other (and
-- deadlock).  They only mark the connection; the program, once a request, a job or a command
-- that wrote is over (and before it answers), calls directory_changes_publish, which raises
-- the counter in its own short statement when the mark is set.
CREATE TRIGGER clients_directory_insert AFTER INSERT ON clients FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER clients_directory_update AFTER UPDATE ON clients FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER clients_directory_delete AFTER DELETE ON clients FOR EACH ROW
  SET @casebook_directory_changed = 1;

CREATE TRIGGER client_tags_directory_insert AFTER INSERT ON client_tags FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER client_tags_directory_update AFTER UPDATE ON client_tags FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER client_tags_directory_delete AFTER DELETE ON client_tags FOR EACH ROW
  SET @casebook_directory_changed = 1;

CREATE TRIGGER tags_directory_insert AFTER INSERT ON tags FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER tags_directory_update AFTER UPDATE ON tags FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER tags_directory_delete AFTER DELETE ON tags FOR EACH ROW
  SET @casebook_directory_changed = 1;

CREATE TRIGGER portal_accounts_directory_insert AFTER INSERT ON portal_accounts FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER portal_accounts_directory_update AFTER UPDATE ON portal_accounts FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER portal_accounts_directory_delete AFTER DELETE ON portal_accounts FOR EACH ROW
  SET @casebook_directory_changed = 1;

CREATE TRIGGER tokens_directory_insert AFTER INSERT ON tokens FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER tokens_directory_update AFTER UPDATE ON tokens FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER tokens_directory_delete AFTER DELETE ON tokens FOR EACH ROW
  SET @casebook_directory_changed = 1;

CREATE TRIGGER tasks_directory_insert AFTER INSERT ON tasks FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER tasks_directory_update AFTER UPDATE ON tasks FOR EACH ROW
  SET @casebook_directory_changed = 1;
CREATE TRIGGER tasks_directory_delete AFTER DELETE ON tasks FOR EACH ROW
  SET @casebook_directory_changed = 1;

-- Raise the version if this connection changed the directory since it last asked, and forget
-- the mark.  In autocommit, the row is locked for one statement only.
CREATE PROCEDURE directory_changes_publish()
BEGIN
  IF @casebook_directory_changed = 1 THEN
    SET @casebook_directory_changed = NULL;
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
  END IF;
END;
