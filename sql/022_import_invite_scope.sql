-- 022_import_invite_scope.sql: an import invites its new clients with the rights it was
-- started with, recorded when it starts, not with whatever its importer is when the job
-- runs (demoted or deactivated since, the job still acts as started).
--
-- invite_scope_staff_id is the reach of the invitations, as the client list's scope has it
-- (clients_scope in app/clients.c): 0 every client (the importer was an administrator), a
-- staff id only the clients assigned to that staff member; NULL until the import starts.
-- An import started before this column existed was started by an administrator (starting
-- one is for administrators only), so the job reads NULL as 0.  The audit entries of the
-- invitations name the importer (imports.staff_id).
ALTER TABLE imports
  ADD COLUMN invite_scope_staff_id BIGINT UNSIGNED NULL AFTER invite;
