-- 018_clinician_tags.sql: whether clinicians may create tags.
--
-- A tag is the practice's, shared by every client: an admin creates, renames, merges and
-- deletes them on /admin/tags.  With clinician_tags off (a new installation's choice) a
-- clinician attaches existing tags only; with it on, a name no tag has makes a new tag, from a
-- client's profile or the directory's bulk action, as an admin's does.
ALTER TABLE practice_settings
  ADD COLUMN clinician_tags ENUM('off', 'on') NOT NULL DEFAULT 'off';
