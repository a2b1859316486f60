-- 020_audit_chain.sql: the audit log is append-only by a chain of seals, not by triggers.
--
-- Every few seconds the job runner seals the entries written since it last did, in id order:
-- each seal is the SHA-256 of the seal before it and of the entry's every column (as the
-- server QUOTE()s them), so an entry altered or removed afterwards, by the program or by
-- whoever holds the database, breaks the chain; "casebook audit verify" walks it and names
-- the first entry that no longer matches.  The program only ever inserts into both tables;
-- where the application has its own database account, it is granted no UPDATE or DELETE on
-- them (README, production install).  The triggers that refused changes go (with migration
-- 021): an ordinary
-- account on a server with binary logging cannot create a trigger, and a trigger stops the
-- program, not the database's owner.
CREATE TABLE audit_seals (
  seq       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  audit_id  BIGINT UNSIGNED NOT NULL,
  hash      CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  sealed_at DATETIME NOT NULL,
  UNIQUE KEY audit_seals_entry (audit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

