<section class="panel panel-narrow" aria-labelledby="password-heading">
  <h1 id="password-heading">Change password</h1>
  <p class="lede">Changing your password signs you out everywhere else.</p>
<?cs call:form_error() ?>
  <form class="form" method="post" action="/portal/password">
    <?cs call:csrf_field() ?>
<?cs call:password_field("current_password", "Current password", "current-password", "") ?>
<?cs call:password_field("new_password", "New password", "new-password", "At least 10 characters, not your email address, not a common password.") ?>
<?cs call:password_field("confirm_password", "Confirm new password", "new-password", "") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Change password</button>
      <a class="button" href="/portal">Cancel</a>
    </div>
  </form>
</section>
