Hello<?cs if:Mail.ToName ?> <?cs var:Mail.ToName ?><?cs /if ?>,

This is a test message from <?cs var:Practice.Name ?>'s Casebook.

If you can read it, Casebook can send e-mail: invitations and password
resets will reach your clients.

<?cs var:Practice.Name ?>
