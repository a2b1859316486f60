<section class="panel panel-narrow" aria-labelledby="forgot-heading">
  <h1 id="forgot-heading">Forgot your password?</h1>
  <p class="lede">Enter the email address you use for the portal. If it has an account, we send it a link to choose a new password.</p>
  <form class="form" method="post" action="/portal/forgot">
    <?cs call:csrf_field() ?>
<?cs call:email_field("email", "Email address", "username") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Send the link</button>
      <a class="button" href="/portal/login">Back to sign-in</a>
    </div>
  </form>
</section>
