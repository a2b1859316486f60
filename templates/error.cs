<section class="panel panel-narrow error-page" aria-labelledby="error-heading">
  <p class="error-status"><?cs var:Error.Status ?></p>
  <h1 id="error-heading"><?cs var:Error.Title ?></h1>
<?cs if:Error.Reason ?>
  <p class="error-reason"><?cs var:Error.Reason ?></p>
<?cs /if ?>
<?cs if:User.Id ?>
  <p><a class="button" href="/">Go to the home page</a></p>
<?cs else ?>
  <p><a class="button" href="/login">Go to sign in</a></p>
<?cs /if ?>
</section>
