-- 012_import_bulk.sql: an import writes each new client's search row once, and its search keys
-- a moment later.
--
-- The import (app/importjob.c, db_clients_insert_many) saves a batch of clients with the
-- session variable @casebook_bulk set: the triggers below then leave to it what they would do
-- one row at a time (the client's search row, the counts per staff and status, the tags'
-- counts, the tag names in the search words), and it writes them once per batch, each search
-- row with its final words.  Every other write leaves the variable unset and works as before.
--
-- The search keys of the clients an import saved are written after the import by the job
-- runner (db_clients_key_pending).  Until then a client is listed here: the searches that read
-- the keys also read the words of the clients listed here (app/clientlist.c), so they stay
-- exact.  Writing a client's keys removes it from this table in the same transaction.
-- What this file once left to triggers the program now does itself
-- (021_no_triggers_clients.sql).

CREATE TABLE client_search_unkeyed (
  client_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  CONSTRAINT client_search_unkeyed_client_fk FOREIGN KEY (client_id) REFERENCES clients (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;




