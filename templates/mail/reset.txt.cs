Hello<?cs if:Mail.ToName ?> <?cs var:Mail.ToName ?><?cs /if ?>,

Someone asked to reset the password of your account at
<?cs var:Practice.Name ?>'s client portal. To choose a new one, open:

<?cs var:Reset.Link ?>

The link works once, for one hour. If you did not ask for this, ignore
this message: your password stays as it is.

<?cs var:Practice.Name ?>
