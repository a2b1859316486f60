<?cs #
  set_password.cs: choosing a password from an invitation (SetPassword.Mode "invite"), a
  registration's confirmation link ("register") or a reset link ("reset"); the email is
  fixed, shown but not editable.
?><section class="panel panel-narrow" aria-labelledby="set-password-heading">
<?cs if:SetPassword.Mode == "invite" ?>
  <h1 id="set-password-heading">Join <?cs var:Practice.Name ?>'s client portal</h1>
  <p class="lede">Choose a password to finish setting up your account.</p>
<?cs elif:SetPassword.Mode == "register" ?>
  <h1 id="set-password-heading">Finish registering with <?cs var:Practice.Name ?></h1>
  <p class="lede">Choose the password of your client portal account.</p>
<?cs else ?>
  <h1 id="set-password-heading">Choose a new password</h1>
  <p class="lede">For your account at <?cs var:Practice.Name ?>'s client portal.</p>
<?cs /if ?>
<?cs call:form_error() ?>
  <form class="form" method="post" action="<?cs var:SetPassword.Action ?>">
    <?cs call:csrf_field() ?>
    <div class="field">
      <label for="email">Email address</label>
      <input id="email" type="email" name="username" value="<?cs var:SetPassword.Email ?>" autocomplete="username" readonly>
    </div>
<?cs call:password_field("password", "Password", "new-password", "At least 10 characters, not your email address, not a common password.") ?>
<?cs call:password_field("confirm_password", "Confirm password", "new-password", "") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary"><?cs if:SetPassword.Mode == "invite" || SetPassword.Mode == "register" ?>Create my account<?cs else ?>Set the new password<?cs /if ?></button>
    </div>
  </form>
</section>
