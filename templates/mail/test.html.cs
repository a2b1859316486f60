<p style="margin: 0 0 16px;">Hello<?cs if:Mail.ToName ?> <?cs var:Mail.ToName ?><?cs /if ?>,</p>
<p style="margin: 0 0 16px;">This is a test message from <?cs var:Practice.Name ?>'s Casebook.</p>
<p style="margin: 0;">If you can read it, Casebook can send e-mail: invitations and password resets will reach your clients.</p>
