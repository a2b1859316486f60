-- 021_no_triggers_clients.sql: what is derived from the clients is written by the program, in
-- the transaction that changes them, not by triggers.
--
-- An ordinary account cannot create a trigger on a server with binary logging on (MySQL 8's
-- default, every replication primary, most managed databases).  Every change to a client's
-- status, staff, names, email, phone or tags is followed, in its own transaction, by
-- db_clients_sync (app/clientdb.c): the search row (status, staff, sort name, join date, words
-- with the tags' names), the kept search counts' change log, the counts per status and staff,
-- and the search keys' status and staff.  Adding a client writes its search row and its place
-- in the counts; deleting one writes what the kept counts lose, and its tags' counts; a tag's
-- clients follow a tag renamed, merged or deleted.  A change made by hand in SQL is brought in
-- line by "casebook sync" (which checks every client).  On a database made before, the
-- triggers go.
DROP TRIGGER IF EXISTS clients_count_insert;
DROP TRIGGER IF EXISTS clients_count_update;
DROP TRIGGER IF EXISTS clients_count_delete;
DROP TRIGGER IF EXISTS client_tags_count_insert;
DROP TRIGGER IF EXISTS client_tags_count_delete;
DROP TRIGGER IF EXISTS clients_search_insert;
DROP TRIGGER IF EXISTS clients_search_update;
DROP TRIGGER IF EXISTS client_tags_search_insert;
DROP TRIGGER IF EXISTS client_tags_search_delete;
DROP TRIGGER IF EXISTS tags_search_update;
DROP TRIGGER IF EXISTS tags_search_delete;
DROP TRIGGER IF EXISTS client_search_keys_update;
DROP TRIGGER IF EXISTS client_search_changes_insert;
DROP TRIGGER IF EXISTS client_search_changes_update;
DROP TRIGGER IF EXISTS client_search_changes_delete;
DROP TRIGGER IF EXISTS clients_search_changes_delete;
