-- 003_portal.sql: the client portal: a client's password, registrations waiting for their
-- e-mail to be confirmed, and the practice's self-registration settings.
-- An invitation's state is not stored: it is read from the client's latest 'invite' token
-- (sent, expired, revoked) and from portal_accounts (registered).

-- A client who can sign in to the portal; the row goes with the client.
CREATE TABLE portal_accounts (
  client_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  password_hash VARCHAR(160) NOT NULL,
  registered_at DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL,
  CONSTRAINT portal_accounts_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What someone typed on /portal/register, kept until the link in the verification e-mail
-- (a 'verify_email' token) is opened; it goes with its token.
CREATE TABLE portal_registrations (
  token_id      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  first_name    VARCHAR(100) NOT NULL,
  last_name     VARCHAR(100) NOT NULL,
  password_hash VARCHAR(160) NOT NULL,
  CONSTRAINT portal_registrations_token_fk FOREIGN KEY (token_id) REFERENCES tokens (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Finding the live tokens sent to an address (registrations carry no client yet).
ALTER TABLE tokens ADD KEY tokens_email (kind, email);

-- self_registration: off (only invited clients join), on (a new client is Active), approval
-- (a new client is Pending until staff activate them); email_verification: off lets a new
-- registration in at once, and then it never binds to an existing record.
ALTER TABLE practice_settings
  ADD COLUMN self_registration ENUM('off', 'on', 'approval') NOT NULL DEFAULT 'on',
  ADD COLUMN email_verification ENUM('on', 'off') NOT NULL DEFAULT 'on';
