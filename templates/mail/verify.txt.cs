Hello,

Someone registered with this address at <?cs var:Practice.Name ?>'s
client portal. To confirm that it was you and choose your password,
open:

<?cs var:Verify.Link ?>

The link works once, for 24 hours. If you did not register, ignore this
message: nothing happens without the link.

<?cs var:Practice.Name ?>
