<p style="margin: 0 0 16px;">Hello<?cs if:Invite.FirstName ?> <?cs var:Invite.FirstName ?><?cs /if ?>,</p>
<p style="margin: 0 0 16px;"><?cs var:Practice.Name ?> invites you to its client portal, where you will find what your practitioner shares with you: notes, tasks, files and payments.</p>
<p style="margin: 0 0 16px;"><a href="<?cs var:Invite.Link ?>" style="display: inline-block; padding: 10px 16px; background: #2b5f5c; color: #ffffff; border-radius: 6px; text-decoration: none; font-weight: 600;">Choose your password</a></p>
<p style="margin: 0 0 16px; font-size: 14px; color: #565e67;">Or copy this address into your browser: <?cs var:Invite.Link ?></p>
<p style="margin: 0 0 16px;">The link works once, for <?cs var:Invite.Lasts ?>. If it has expired, ask <?cs var:Practice.Name ?> for a new invitation.</p>
<p style="margin: 0;">If you did not expect this message, you can ignore it.</p>
