-- 008_client_search_keys.sql: the substring index keeps, from each place in a client's words,
-- the rest of the word (up to 16 characters) instead of three characters.
--
-- A fragment of 3 to 16 characters is part of a client's own words exactly when one of the
-- client's keys starts with it, so the clients it matches are one range of this table's
-- primary key (LIKE 'fragment%'), with no row of client_search to read and check.  Each key
-- carries its client's status and staff, so the directory's counts per status, for everyone
-- or one clinician's clients, are counted in that range alone.  Longer fragments look up their
-- first 16 characters and check the candidates' words.  The keys are folded by the program
-- (lib/text.c: text_keys) and compared byte for byte.
--
-- The program writes a client's keys when it saves the client ("casebook migrate" writes those
-- of the clients saved before this table); the trigger below keeps status and staff in step.
-- What this file once left to triggers the program now does itself
-- (021_no_triggers_clients.sql).

CREATE TABLE client_search_keys (
  search_key VARBINARY(64) NOT NULL,                -- 16 UTF-8 characters at most
  client_id  BIGINT UNSIGNED NOT NULL,
  status     ENUM('pending', 'active', 'inactive') NOT NULL,
  staff_id   BIGINT UNSIGNED NOT NULL DEFAULT 0,    -- 0: unassigned
  PRIMARY KEY (search_key, client_id),
  KEY client_search_keys_client (client_id),
  CONSTRAINT client_search_keys_client_fk FOREIGN KEY (client_id) REFERENCES clients (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DROP TABLE client_trigrams;

-- Every client's keys are written again by "casebook migrate" (the same as on a save).
UPDATE client_search SET own_words = '';

