-- 009_request_setup.sql: what every signed-in page reads before its own work, made cheap.

-- The practice's settings carry a version, raised by every change of the row, so a worker
-- keeps them and reads them again only when the version it sees (in the statement that loads
-- the session) is not the one it has.
ALTER TABLE practice_settings
  ADD COLUMN version BIGINT UNSIGNED NOT NULL DEFAULT 0;

-- The program raises it in every statement that changes the row, and after a change to the
-- staff (the choices of every "assigned to" list are kept under the same version): see
-- listcache_publish.  Migrations hold no triggers (019_no_triggers_versions.sql).

-- The directory's side lists come from an index in their own order, never a sort: the tag
-- filter (name with its count), the staff filter (the active, by name), the status counts.
ALTER TABLE tags ADD KEY tags_name_count (name, client_count);
ALTER TABLE staff ADD KEY staff_active_name (active, name, role);
ALTER TABLE client_counts ADD KEY client_counts_status (status, staff_id, n);
