<section class="panel panel-narrow" aria-labelledby="verify-heading">
  <h1 id="verify-heading">Confirm your email</h1>
  <p class="lede">Finish registering with <?cs var:Practice.Name ?> as <strong><?cs var:Verify.Email ?></strong>.</p>
  <form class="form" method="post" action="<?cs var:Verify.Action ?>">
    <?cs call:csrf_field() ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Confirm and continue</button>
    </div>
  </form>
</section>
