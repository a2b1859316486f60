<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Mail.Subject ?></title>
</head>
<body style="margin: 0; padding: 24px 12px; background: #f5f4f0; color: #1f2328; font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5;">
<div style="max-width: 560px; margin: 0 auto; padding: 24px; background: #ffffff; border: 1px solid #d9d5cc; border-radius: 8px;">
<p style="margin: 0 0 16px; color: #2b5f5c; font-size: 18px; font-weight: 700;"><?cs var:Practice.Name ?></p>
<?cs include:Mail.Template ?>
</div>
<p style="max-width: 560px; margin: 16px auto 0; color: #565e67; font-size: 13px;">Sent by <?cs var:Practice.Name ?>'s Casebook client records.</p>
</body>
</html>
