<section class="panel panel-narrow" aria-labelledby="register-heading">
  <h1 id="register-heading">Register with <?cs var:Practice.Name ?></h1>
  <p class="lede">Create your account for the client portal. We will send a link to your email address; you choose your password on the page it opens.</p>
<?cs call:form_error() ?>
  <form class="form" method="post" action="/portal/register">
    <?cs call:csrf_field() ?>
<?cs call:text_field("first_name", "First name", "given-name", 100) ?>
<?cs call:text_field("last_name", "Last name", "family-name", 100) ?>
<?cs call:email_field("email", "Email address", "email") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Register</button>
      <a href="/portal/login">I already have an account</a>
    </div>
  </form>
</section>
