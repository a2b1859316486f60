-- 002_clients.sql: the client directory: clients, tags, the substring-search index, and the
-- practice's settings
-- What this file once left to triggers the program now does itself
-- (021_no_triggers_clients.sql).

CREATE TABLE clients (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  first_name          VARCHAR(100) NOT NULL,
  last_name           VARCHAR(100) NOT NULL,
  preferred_name      VARCHAR(100) NOT NULL DEFAULT '',
  email               VARCHAR(254) NOT NULL,
  phone               VARCHAR(20) NOT NULL DEFAULT '',   -- E.164, '' when none
  date_of_birth       DATE NULL,
  gender              VARCHAR(50) NOT NULL DEFAULT '',
  pronouns            VARCHAR(50) NOT NULL DEFAULT '',
  address             VARCHAR(500) NOT NULL DEFAULT '',
  occupation          VARCHAR(100) NOT NULL DEFAULT '',
  employment_status   VARCHAR(50) NOT NULL DEFAULT '',
  relationship_status VARCHAR(50) NOT NULL DEFAULT '',
  living_arrangement  VARCHAR(100) NOT NULL DEFAULT '',
  emergency_name      VARCHAR(200) NOT NULL DEFAULT '',
  emergency_phone     VARCHAR(20) NOT NULL DEFAULT '',
  emergency_relation  VARCHAR(100) NOT NULL DEFAULT '',
  diagnosis           TEXT NOT NULL,
  icd10_codes         VARCHAR(255) NOT NULL DEFAULT '',
  symptoms            TEXT NOT NULL,
  status              ENUM('pending', 'active', 'inactive') NOT NULL DEFAULT 'pending',
  assigned_staff_id   BIGINT UNSIGNED NULL,
  joined_at           DATETIME NOT NULL,
  created_at          DATETIME NOT NULL,
  updated_at          DATETIME NOT NULL,
  -- "last first", the order a directory is read in
  sort_name           VARCHAR(201) NOT NULL,
  -- every searchable text of the client, for checking index candidates
  search_text         VARCHAR(1500) NOT NULL DEFAULT '',
  UNIQUE KEY clients_email (email),
  KEY clients_status_name (status, sort_name),
  KEY clients_name (sort_name),
  KEY clients_joined (joined_at),
  KEY clients_staff (assigned_staff_id, sort_name),
  KEY clients_status_staff (status, assigned_staff_id),
  CONSTRAINT clients_staff_fk FOREIGN KEY (assigned_staff_id) REFERENCES staff (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tags (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name         VARCHAR(64) NOT NULL,
  client_count BIGINT NOT NULL DEFAULT 0,   -- kept by the client_tags triggers below
  created_at   DATETIME NOT NULL,
  UNIQUE KEY tags_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE client_tags (
  client_id BIGINT UNSIGNED NOT NULL,
  tag_id    BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (client_id, tag_id),
  KEY client_tags_tag (tag_id, client_id),
  CONSTRAINT client_tags_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE,
  CONSTRAINT client_tags_tag_fk FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- How many clients each staff member (0: nobody) has in each status, kept in step by the
-- triggers below, so the directory's status counts cost a handful of rows, not a scan of every
-- client.  Rows removed by a foreign key's cascade fire no trigger: clients are always deleted
-- by a statement of their own, and their tags just before them.
CREATE TABLE client_counts (
  staff_id BIGINT UNSIGNED NOT NULL,
  status   ENUM('pending', 'active', 'inactive') NOT NULL,
  n        BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (staff_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;






-- Substring search: every three-character window of a client's names, email, phone digits
-- and tags.  The column's collation folds case and accents, so "zoe" finds "Zoë"; a search
-- intersects the trigrams of its words, then checks the candidates against search_text.
CREATE TABLE client_trigrams (
  trigram   VARCHAR(3) NOT NULL,
  client_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (trigram, client_id),
  KEY client_trigrams_client (client_id),
  CONSTRAINT client_trigrams_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Documents shared between the practice and a client: metadata here, the bytes in the files
-- directory under storage_key (a random name).
CREATE TABLE files (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id        BIGINT UNSIGNED NOT NULL,
  storage_key      VARCHAR(64) NOT NULL,
  original_name    VARCHAR(255) NOT NULL,
  size             BIGINT UNSIGNED NOT NULL,
  content_type     VARCHAR(100) NOT NULL,
  sha256           CHAR(64) NOT NULL,
  uploaded_by_kind ENUM('staff', 'client') NOT NULL,
  uploaded_by_id   BIGINT UNSIGNED NOT NULL,
  shared           TINYINT(1) NOT NULL DEFAULT 0,
  created_at       DATETIME NOT NULL,
  UNIQUE KEY files_storage_key (storage_key),
  KEY files_client (client_id, created_at),
  CONSTRAINT files_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row: the practice's own settings, edited by admins.
CREATE TABLE practice_settings (
  id              TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  name            VARCHAR(200) NOT NULL,
  logo_key        VARCHAR(100) NOT NULL DEFAULT '',
  logo_type       VARCHAR(50) NOT NULL DEFAULT '',
  base_url        VARCHAR(255) NOT NULL DEFAULT '',
  time_zone       VARCHAR(64) NOT NULL DEFAULT 'UTC',
  date_order      ENUM('dmy', 'mdy', 'ymd') NOT NULL DEFAULT 'dmy',
  phone_country   CHAR(2) NOT NULL DEFAULT 'US',
  currency        CHAR(3) NOT NULL DEFAULT 'USD',
  updated_at      DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO practice_settings (id, name, updated_at) VALUES (1, '', UTC_TIMESTAMP());
