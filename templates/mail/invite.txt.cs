Hello<?cs if:Invite.FirstName ?> <?cs var:Invite.FirstName ?><?cs /if ?>,

<?cs var:Practice.Name ?> invites you to its client portal, where you will
find what your practitioner shares with you: notes, tasks, files and
payments.

Open this link to choose your password:

<?cs var:Invite.Link ?>

The link works once, for <?cs var:Invite.Lasts ?>. If it has expired, ask
<?cs var:Practice.Name ?> for a new invitation.

If you did not expect this message, you can ignore it.

<?cs var:Practice.Name ?>
