<p style="margin: 0 0 16px;">Hello<?cs if:Mail.ToName ?> <?cs var:Mail.ToName ?><?cs /if ?>,</p>
<p style="margin: 0 0 16px;">Someone asked to reset the password of your account at <?cs var:Practice.Name ?>'s client portal.</p>
<p style="margin: 0 0 16px;"><a href="<?cs var:Reset.Link ?>" style="display: inline-block; padding: 10px 16px; background: #2b5f5c; color: #ffffff; border-radius: 6px; text-decoration: none; font-weight: 600;">Choose a new password</a></p>
<p style="margin: 0 0 16px; font-size: 14px; color: #565e67;">Or copy this address into your browser: <?cs var:Reset.Link ?></p>
<p style="margin: 0;">The link works once, for one hour. If you did not ask for this, ignore this message: your password stays as it is.</p>
