-- 007_client_search.sql: a narrow row per client for the directory's substring search.
--
-- A search that matches a large part of the directory ("gmail", part of a common name) cannot
-- be answered from the trigram index: its candidates are most of the clients.  It reads this
-- table instead: every client's searchable words (names, email, phone digits and tag names,
-- folded to lower case without accents by the program, compared byte for byte), next to what
-- the directory filters and sorts on.  A count reads one covering index of a few megabytes;
-- a page walks the index of its order and stops when the page is full.
--
-- The program writes own_words (the client's own text) when it saves a client, and the tag
-- names' folded form when it saves a tag; the triggers below keep the rest in step:
-- status, staff, name and join date from clients; words = own_words plus the tags' names.
-- What this file once left to triggers the program now does itself
-- (021_no_triggers_clients.sql).

ALTER TABLE tags ADD COLUMN search_name VARBINARY(400) NOT NULL DEFAULT '' AFTER name;

CREATE TABLE client_search (
  id        BIGINT UNSIGNED NOT NULL PRIMARY KEY,   -- the client's id
  status    ENUM('pending', 'active', 'inactive') NOT NULL,
  staff_id  BIGINT UNSIGNED NOT NULL DEFAULT 0,     -- 0: unassigned
  sort_name VARCHAR(201) NOT NULL,
  joined_at DATETIME NOT NULL,
  own_words VARBINARY(1000) NOT NULL DEFAULT '',    -- '' until the program has written it
  words     VARBINARY(2000) NOT NULL DEFAULT '',
  KEY client_search_scan (status, staff_id, words),
  KEY client_search_name (sort_name, id),
  KEY client_search_joined (joined_at, id),
  KEY client_search_status (status, sort_name, id),
  CONSTRAINT client_search_client_fk FOREIGN KEY (id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The clients there are now; "casebook migrate" then writes their words.
INSERT INTO client_search (id, status, staff_id, sort_name, joined_at)
SELECT id, status, COALESCE(assigned_staff_id, 0), sort_name, joined_at FROM clients;

-- The trigram index's candidates are now checked against client_search.words.
ALTER TABLE clients DROP COLUMN search_text;



-- A tag added: its name joins the client's words (cut at the column's size, never refused).

-- A tag removed: the words are made again from the client's own and the tags left.

-- A tag renamed: the words of its clients follow.

-- A tag deleted: its client_tags rows go by the foreign key's cascade, which fires no
-- trigger, so its clients' words are made again here, without it.
