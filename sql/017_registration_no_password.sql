-- 017_registration_no_password.sql: a registration no longer carries a password.  The
-- password is chosen on the page the confirmation link opens, by whoever holds the mailbox,
-- so nothing a registrant typed can become the password of a record that has the address.
--
-- mailed: 1 when the link went by e-mail (opening it proves the mailbox); 0 when it was
-- handed to the registering browser itself (e-mail confirmation off, an address no client
-- had), and then it may only ever create a new client, never bind to one.
-- ip: where the registration came from, for the limit of registrations per address a day.
ALTER TABLE portal_registrations
  DROP COLUMN password_hash,
  ADD COLUMN mailed TINYINT(1) NOT NULL DEFAULT 1,
  ADD COLUMN ip VARCHAR(45) NOT NULL DEFAULT '',
  ADD KEY portal_registrations_ip (ip);
