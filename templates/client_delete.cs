<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/clients">Clients</a></li>
<?cs if:Delete.Single ?>
    <li><a href="/clients/<?cs var:#Delete.Clients.0.Id ?>"><?cs var:Delete.Clients.0.Name ?></a></li>
<?cs /if ?>
    <li aria-current="page">Delete</li>
  </ol>
</nav>
<section class="panel panel-confirm" aria-labelledby="delete-heading">
  <h1 id="delete-heading">Delete <?cs var:#Delete.Count ?> <?cs if:Delete.Count == 1 ?>client<?cs else ?>clients<?cs /if ?>?</h1>
  <div class="danger-panel">
    <p><strong>This is permanent.</strong> <?cs if:Delete.Count == 1 ?>The client<?cs else ?>The clients<?cs /if ?> and everything that belongs to them — notes, comments, tasks, files,
      payments, invitations and portal access — are removed for good. The audit log keeps only
      that a client was deleted, by whom and when.</p>
  </div>
  <h2 class="delete-list-heading" id="delete-list-heading"><?cs if:Delete.Count == 1 ?>The client<?cs else ?>The clients<?cs /if ?></h2>
  <ul class="delete-list" aria-labelledby="delete-list-heading">
<?cs each:client = Delete.Clients ?>
    <li><?cs var:client.Name ?></li>
<?cs /each ?>
<?cs if:Delete.More > 0 ?>
    <li class="muted">and <?cs var:#Delete.More ?> more</li>
<?cs /if ?>
  </ul>
  <p class="lede">To stop working with a client for now, deactivate them instead: their records are kept.</p>
  <form class="form" method="post" action="<?cs var:Delete.Action ?>">
    <?cs call:csrf_field() ?>
<?cs if:!Delete.Single ?>
    <input type="hidden" name="action" value="delete_confirmed">
    <input type="hidden" name="back" value="<?cs var:Delete.Back ?>">
<?cs if:Delete.All ?>
    <input type="hidden" name="all" value="1">
    <input type="hidden" name="q" value="<?cs var:Delete.Q ?>">
    <input type="hidden" name="status" value="<?cs var:Delete.Status ?>">
    <input type="hidden" name="tag" value="<?cs var:#Delete.Tag ?>">
    <input type="hidden" name="staff" value="<?cs var:#Delete.Staff ?>">
    <input type="hidden" name="invite" value="<?cs var:Delete.Invite ?>">
<?cs else ?>
<?cs each:id = Delete.Ids ?>
    <input type="hidden" name="ids" value="<?cs var:#id ?>">
<?cs /each ?>
<?cs /if ?>
<?cs /if ?>
    <div class="field<?cs if:Form.confirm.Error ?> field-invalid<?cs /if ?>">
      <label for="confirm">Type DELETE to confirm</label><?cs
      if:Form.confirm.Error ?>
      <p class="field-error" id="confirm-error"><?cs var:Form.confirm.Error ?></p><?cs
      /if ?>
      <input id="confirm" name="confirm" type="text" value="<?cs var:Form.confirm.Value ?>" maxlength="32" autocomplete="off" autocapitalize="characters" spellcheck="false" required<?cs
        if:Form.confirm.Error ?> aria-invalid="true" aria-describedby="confirm-error"<?cs /if ?>>
    </div>
    <div class="form-actions">
      <button type="submit" class="button button-danger">Delete permanently</button>
      <a class="button" href="<?cs var:Delete.Back ?>">Cancel</a>
    </div>
  </form>
</section>
