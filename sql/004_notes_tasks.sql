-- 004_notes_tasks.sql: a client's notes (staff notes and the client's own reflections), the
-- comment threads under shared notes, and tasks (homework from staff, to-dos of the client).
-- Everything goes with the client (ON DELETE CASCADE); comments go with their note.

-- author_kind/author_id: a staff member's id, or the client's own id. shared: visible to the
-- other side (a staff note in the portal, a reflection on the staff profile). seen_at: when
-- the client first opened a shared staff note (cleared when it is made private again).
CREATE TABLE notes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id   BIGINT UNSIGNED NOT NULL,
  author_kind ENUM('staff', 'client') NOT NULL,
  author_id   BIGINT UNSIGNED NOT NULL,
  title       VARCHAR(200) NOT NULL,
  body        MEDIUMTEXT NOT NULL,
  note_date   DATE NOT NULL,
  shared      TINYINT(1) NOT NULL DEFAULT 0,
  seen_at     DATETIME NULL,
  created_at  DATETIME NOT NULL,
  updated_at  DATETIME NOT NULL,
  KEY notes_client_date (client_id, note_date, id),
  CONSTRAINT notes_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE note_comments (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  note_id     BIGINT UNSIGNED NOT NULL,
  author_kind ENUM('staff', 'client') NOT NULL,
  author_id   BIGINT UNSIGNED NOT NULL,
  body        TEXT NOT NULL,
  created_at  DATETIME NOT NULL,
  updated_at  DATETIME NOT NULL,
  KEY note_comments_note (note_id, id),
  CONSTRAINT note_comments_note_fk FOREIGN KEY (note_id) REFERENCES notes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- created_by_kind: 'staff' (homework assigned by created_by_id) or 'client' (the client's own
-- to-do). done_at NULL: open.
CREATE TABLE tasks (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id       BIGINT UNSIGNED NOT NULL,
  created_by_kind ENUM('staff', 'client') NOT NULL,
  created_by_id   BIGINT UNSIGNED NOT NULL,
  title           VARCHAR(200) NOT NULL,
  description     TEXT NOT NULL,
  due_date        DATE NULL,
  done_at         DATETIME NULL,
  done_comment    VARCHAR(1000) NOT NULL DEFAULT '',
  created_at      DATETIME NOT NULL,
  updated_at      DATETIME NOT NULL,
  KEY tasks_client (client_id, done_at, due_date),
  CONSTRAINT tasks_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
