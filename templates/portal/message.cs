<section class="panel panel-narrow" aria-labelledby="message-heading">
  <h1 id="message-heading"><?cs var:Message.Title ?></h1>
  <p class="lede"><?cs var:Message.Text ?></p>
  <p><a href="/portal/login">Go to the sign-in page</a></p>
</section>
