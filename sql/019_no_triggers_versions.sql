-- 019_no_triggers_versions.sql: the versions of the directory and of the practice's settings
-- are raised by the program, not by triggers.
--
-- An ordinary account cannot create a trigger or a procedure on a server with binary logging
-- on (MySQL 8's default, every replication primary): the program keeps these rules itself.
-- A statement that changes the clients, their tags, the tags, portal accounts, tokens or tasks
-- marks its connection, and so does one that changes the staff; once the request, job or
-- command is over, listcache_publish raises directory_version or practice_settings.version in
-- a statement of its own.  The settings page raises the settings' version in the statement
-- that saves them.  On a database made before, the triggers and the procedure go.
DROP TRIGGER IF EXISTS practice_settings_version;
DROP TRIGGER IF EXISTS staff_version_insert;
DROP TRIGGER IF EXISTS staff_version_update;
DROP TRIGGER IF EXISTS staff_version_delete;
DROP TRIGGER IF EXISTS clients_directory_insert;
DROP TRIGGER IF EXISTS clients_directory_update;
DROP TRIGGER IF EXISTS clients_directory_delete;
DROP TRIGGER IF EXISTS client_tags_directory_insert;
DROP TRIGGER IF EXISTS client_tags_directory_update;
DROP TRIGGER IF EXISTS client_tags_directory_delete;
DROP TRIGGER IF EXISTS tags_directory_insert;
DROP TRIGGER IF EXISTS tags_directory_update;
DROP TRIGGER IF EXISTS tags_directory_delete;
DROP TRIGGER IF EXISTS portal_accounts_directory_insert;
DROP TRIGGER IF EXISTS portal_accounts_directory_update;
DROP TRIGGER IF EXISTS portal_accounts_directory_delete;
DROP TRIGGER IF EXISTS tokens_directory_insert;
DROP TRIGGER IF EXISTS tokens_directory_update;
DROP TRIGGER IF EXISTS tokens_directory_delete;
DROP TRIGGER IF EXISTS tasks_directory_insert;
DROP TRIGGER IF EXISTS tasks_directory_update;
DROP TRIGGER IF EXISTS tasks_directory_delete;
DROP PROCEDURE IF EXISTS directory_changes_publish;
