-- 005_files_payments.sql: the Payments tab (the sessions held and their payments) and what the
-- Files tab needs beyond sql/002's files table.

-- Listing a client's files, newest first, and the practice's usage (SUM(size)) for the quota.
ALTER TABLE files ADD KEY files_uploader (uploaded_by_kind, uploaded_by_id);

-- A therapy session held: when, how long, how, and its fee in minor units of the practice's
-- currency at the time.
CREATE TABLE appointments (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id   BIGINT UNSIGNED NOT NULL,
  held_on     DATE NOT NULL,
  start_time  TIME NOT NULL,
  minutes     SMALLINT UNSIGNED NOT NULL,
  kind        ENUM('in_person', 'video', 'phone') NOT NULL,
  fee_minor   BIGINT UNSIGNED NOT NULL,
  currency    CHAR(3) NOT NULL,
  created_by  BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME NOT NULL,
  KEY appointments_client (client_id, held_on),
  CONSTRAINT appointments_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Money for one session: a payment (requested, paid, paid manually, failed) or a refund (its
-- own entry, never more than what was paid for that session less what was refunded).  Amounts
-- are whole minor units and never negative.
CREATE TABLE payments (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id       BIGINT UNSIGNED NOT NULL,
  appointment_id  BIGINT UNSIGNED NOT NULL,
  kind            ENUM('payment', 'refund') NOT NULL,
  state           ENUM('requested', 'paid', 'manual', 'failed') NOT NULL,
  amount_minor    BIGINT UNSIGNED NOT NULL,
  currency        CHAR(3) NOT NULL,
  method          ENUM('card', 'cash', 'bank_transfer', 'cheque', 'other') NOT NULL,
  reference       VARCHAR(100) NOT NULL DEFAULT '',
  note            VARCHAR(500) NOT NULL DEFAULT '',
  paid_on         DATE NOT NULL,
  created_by      BIGINT UNSIGNED NOT NULL,
  created_at      DATETIME NOT NULL,
  updated_at      DATETIME NOT NULL,
  KEY payments_client (client_id, paid_on),
  KEY payments_appointment (appointment_id),
  CONSTRAINT payments_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE,
  CONSTRAINT payments_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointments (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
