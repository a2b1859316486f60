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

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients FOR EACH ROW
  INSERT INTO client_search (id, status, staff_id, sort_name, joined_at)
  VALUES (NEW.id, NEW.status, COALESCE(NEW.assigned_staff_id, 0), NEW.sort_name, NEW.joined_at);

CREATE TRIGGER clients_search_update AFTER UPDATE ON clients FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status AND OLD.assigned_staff_id <=> NEW.assigned_staff_id
      AND BINARY OLD.sort_name = BINARY NEW.sort_name AND OLD.joined_at <=> NEW.joined_at) THEN
    UPDATE client_search SET status = NEW.status, staff_id = COALESCE(NEW.assigned_staff_id, 0),
      sort_name = NEW.sort_name, joined_at = NEW.joined_at
    WHERE id = NEW.id;
  END IF;
END;

-- A tag added: its name joins the client's words (cut at the column's size, never refused).
CREATE TRIGGER client_tags_search_insert AFTER INSERT ON client_tags FOR EACH ROW
  UPDATE client_search
  SET words = LEFT(CONCAT(words, ' ', (SELECT search_name FROM tags WHERE id = NEW.tag_id)), 2000)
  WHERE id = NEW.client_id;

-- A tag removed: the words are made again from the client's own and the tags left.
CREATE TRIGGER client_tags_search_delete AFTER DELETE ON client_tags FOR EACH ROW
  UPDATE client_search
  SET words = LEFT(CONCAT(own_words, COALESCE((SELECT GROUP_CONCAT(CONCAT(' ', t.search_name)
      ORDER BY t.id SEPARATOR '') FROM client_tags ct JOIN tags t ON t.id = ct.tag_id
      WHERE ct.client_id = OLD.client_id), '')), 2000)
  WHERE id = OLD.client_id;

-- A tag renamed: the words of its clients follow.
CREATE TRIGGER tags_search_update AFTER UPDATE ON tags FOR EACH ROW
BEGIN
  IF BINARY OLD.search_name <> BINARY NEW.search_name THEN
    UPDATE client_search cs JOIN client_tags ct ON ct.client_id = cs.id AND ct.tag_id = NEW.id
    SET cs.words = LEFT(CONCAT(cs.own_words, COALESCE((SELECT GROUP_CONCAT(CONCAT(' ',
        t.search_name) ORDER BY t.id SEPARATOR '') FROM client_tags ct2 JOIN tags t
        ON t.id = ct2.tag_id WHERE ct2.client_id = cs.id), '')), 2000);
  END IF;
END;

-- A tag deleted: its client_tags rows go by the foreign key's cascade, which fires no
-- trigger, so its clients' words are made again here, without it.
CREATE TRIGGER tags_search_delete BEFORE DELETE ON tags FOR EACH ROW
  UPDATE client_search cs JOIN client_tags ct ON ct.client_id = cs.id AND ct.tag_id = OLD.id
  SET cs.words = LEFT(CONCAT(cs.own_words, COALESCE((SELECT GROUP_CONCAT(CONCAT(' ',
      t.search_name) ORDER BY t.id SEPARATOR '') FROM client_tags ct2 JOIN tags t
      ON t.id = ct2.tag_id WHERE ct2.client_id = cs.id AND ct2.tag_id <> OLD.id), '')), 2000);
