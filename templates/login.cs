<section class="panel panel-narrow" aria-labelledby="signin-heading">
  <h1 id="signin-heading">Sign in to <?cs var:Practice.Name ?></h1>
<?cs call:form_error() ?>
  <form class="form" method="post" action="/login">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="next" value="<?cs var:Form.next.Value ?>">
<?cs call:email_field("email", "Email address", "username") ?>
<?cs call:password_field("password", "Password", "current-password", "") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Sign in</button>
    </div>
  </form>
</section>
