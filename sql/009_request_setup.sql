-- 009_request_setup.sql: what every signed-in page reads before its own work, made cheap.

-- The practice's settings carry a version, raised by every change of the row, so a worker
-- keeps them and reads them again only when the version it sees (in the statement that loads
-- the session) is not the one it has.
ALTER TABLE practice_settings
  ADD COLUMN version BIGINT UNSIGNED NOT NULL DEFAULT 0;

CREATE TRIGGER practice_settings_version BEFORE UPDATE ON practice_settings FOR EACH ROW
  SET NEW.version = OLD.version + 1;

-- The active staff (the choices of every "assigned to" list) are kept the same way, under the
-- same version: a member added, removed, renamed, given another role, deactivated or
-- reactivated raises it.  A password change does not.
CREATE TRIGGER staff_version_insert AFTER INSERT ON staff FOR EACH ROW
  UPDATE practice_settings SET version = version + 1 WHERE id = 1;

CREATE TRIGGER staff_version_update AFTER UPDATE ON staff FOR EACH ROW
BEGIN
  IF NOT (BINARY OLD.name = BINARY NEW.name AND OLD.role <=> NEW.role
      AND OLD.active <=> NEW.active) THEN
    UPDATE practice_settings SET version = version + 1 WHERE id = 1;
  END IF;
END;

CREATE TRIGGER staff_version_delete AFTER DELETE ON staff FOR EACH ROW
  UPDATE practice_settings SET version = version + 1 WHERE id = 1;

-- The directory's side lists come from an index in their own order, never a sort: the tag
-- filter (name with its count), the staff filter (the active, by name), the status counts.
ALTER TABLE tags ADD KEY tags_name_count (name, client_count);
ALTER TABLE staff ADD KEY staff_active_name (active, name, role);
ALTER TABLE client_counts ADD KEY client_counts_status (status, staff_id, n);
