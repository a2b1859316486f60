<section class="panel panel-narrow" aria-labelledby="signin-heading">
  <h1 id="signin-heading">Sign in to <?cs var:Practice.Name ?></h1>
  <p class="lede">The client portal of <?cs var:Practice.Name ?>.</p>
<?cs call:form_error() ?>
  <form class="form" method="post" action="/portal/login">
    <?cs call:csrf_field() ?>
<?cs call:email_field("email", "Email address", "username") ?>
<?cs call:password_field("password", "Password", "current-password", "") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Sign in</button>
      <a href="/portal/forgot">Forgot your password?</a>
    </div>
  </form>
<?cs if:Portal.CanRegister ?>
  <p class="portal-aside">New here? <a href="/portal/register">Register</a>, or ask the practice for an invitation.</p>
<?cs else ?>
  <p class="portal-aside">New here? Ask the practice for an invitation to the portal.</p>
<?cs /if ?>
</section>
