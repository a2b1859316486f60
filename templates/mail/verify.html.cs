<p style="margin: 0 0 16px;">Hello,</p>
<p style="margin: 0 0 16px;">Someone registered with this address at <?cs var:Practice.Name ?>'s client portal. To confirm that it was you and choose your password, open the link below.</p>
<p style="margin: 0 0 16px;"><a href="<?cs var:Verify.Link ?>" style="display: inline-block; padding: 10px 16px; background: #2b5f5c; color: #ffffff; border-radius: 6px; text-decoration: none; font-weight: 600;">Confirm my email</a></p>
<p style="margin: 0 0 16px; font-size: 14px; color: #565e67;">Or copy this address into your browser: <?cs var:Verify.Link ?></p>
<p style="margin: 0;">The link works once, for 24 hours. If you did not register, ignore this message: nothing happens without the link.</p>
