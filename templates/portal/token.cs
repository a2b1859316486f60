<section class="panel panel-narrow" aria-labelledby="token-heading">
  <h1 id="token-heading"><?cs var:Page.Title ?></h1>
  <p class="lede"><?cs var:Token.Problem ?></p>
<?cs if:Token.Kind == "invite" ?>
  <p>Ask <?cs var:Practice.Name ?> to send you a new invitation. If you have already set your password, <a href="/portal/login">sign in</a>.</p>
<?cs elif:Token.Kind == "reset" ?>
  <p>You can <a href="/portal/forgot">ask for a new link</a>; it works for one hour.</p>
<?cs elif:Token.Kind == "verify_email" ?>
  <p>You can <a href="/portal/register">register again</a> to get a new link, or <a href="/portal/login">sign in</a> if your account is ready.</p>
<?cs else ?>
  <p><a href="/portal/login">Back to sign-in</a></p>
<?cs /if ?>
</section>
