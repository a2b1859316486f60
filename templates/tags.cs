<?cs if:Delete.Id ?>
<section class="panel panel-narrow" aria-labelledby="tag-delete-heading">
  <h1 id="tag-delete-heading">Delete tag &quot;<?cs var:Delete.Name ?>&quot; from <?cs var:#Delete.Clients ?> <?cs if:Delete.Clients == 1 ?>client<?cs else ?>clients<?cs /if ?>?</h1>
  <p>The tag disappears from every client who has it. The clients themselves are not changed otherwise. This cannot be undone.</p>
  <form class="form" method="post" action="/admin/tags/<?cs var:Delete.Id ?>/delete">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="confirm" value="yes">
    <div class="form-actions">
      <button type="submit" class="button button-danger">Delete tag</button>
      <a class="button" href="/admin/tags">Cancel</a>
    </div>
  </form>
</section>
<?cs else ?>
<section class="panel" aria-labelledby="tags-heading">
  <h1 id="tags-heading">Tags</h1>
  <p class="lede">The labels given to clients. Renaming or merging a tag changes it for every client who has it.</p>
<?cs if:Tags.Count == 0 ?>
  <p class="empty">There are no tags yet. Create one below, or add one on a client's profile.</p>
<?cs else ?>
  <datalist id="tag-names"><?cs each:tag = Tags.List ?><option value="<?cs var:tag.Name ?>"></option><?cs /each ?></datalist>
  <div class="table-scroll" role="region" aria-labelledby="tags-caption" tabindex="0">
    <table class="table tags-table">
      <caption id="tags-caption"><?cs var:#Tags.Count ?> <?cs if:Tags.Count == 1 ?>tag<?cs else ?>tags<?cs /if ?></caption>
      <thead>
        <tr>
          <th scope="col">Tag</th>
          <th scope="col" class="number">Clients</th>
          <th scope="col">Rename</th>
          <th scope="col">Merge into another tag</th>
          <th scope="col"><span class="visually-hidden">Delete</span></th>
        </tr>
      </thead>
      <tbody>
<?cs each:tag = Tags.List ?>
        <tr>
          <th scope="row"><?cs var:tag.Name ?></th>
          <td class="number"><a href="<?cs var:tag.ClientsUrl ?>"><?cs var:tag.Clients ?><span class="visually-hidden"> <?cs if:tag.Clients == 1 ?>client<?cs else ?>clients<?cs /if ?> tagged <?cs var:tag.Name ?></span></a></td>
          <td>
            <form class="inline-form<?cs if:tag.RenameError ?> field-invalid<?cs /if ?>" method="post" action="/admin/tags/<?cs var:tag.Id ?>/rename">
              <?cs call:csrf_field() ?>
              <label class="visually-hidden" for="rename-<?cs var:tag.Id ?>">New name for <?cs var:tag.Name ?></label><?cs
  if:tag.RenameError ?>
              <p class="field-error" id="rename-<?cs var:tag.Id ?>-error"><?cs var:tag.RenameError ?></p><?cs
  /if ?>
              <input id="rename-<?cs var:tag.Id ?>" name="name" type="text" maxlength="64" required value="<?cs var:tag.RenameValue ?>"<?cs
  if:tag.RenameError ?> aria-invalid="true" aria-describedby="rename-<?cs var:tag.Id ?>-error"<?cs /if ?>>
              <button type="submit" class="button">Rename</button>
            </form>
<?cs if:tag.Offer ?>
            <form class="inline-form" method="post" action="/admin/tags/<?cs var:tag.Id ?>/merge">
              <?cs call:csrf_field() ?>
              <input type="hidden" name="into" value="<?cs var:tag.Offer ?>">
              <button type="submit" class="button button-primary">Merge &quot;<?cs var:tag.Name ?>&quot; into &quot;<?cs var:tag.Offer ?>&quot;</button>
            </form>
<?cs /if ?>
          </td>
          <td>
            <form class="inline-form<?cs if:tag.MergeError ?> field-invalid<?cs /if ?>" method="post" action="/admin/tags/<?cs var:tag.Id ?>/merge">
              <?cs call:csrf_field() ?>
              <label class="visually-hidden" for="merge-<?cs var:tag.Id ?>">Merge <?cs var:tag.Name ?> into</label><?cs
  if:tag.MergeError ?>
              <p class="field-error" id="merge-<?cs var:tag.Id ?>-error"><?cs var:tag.MergeError ?></p><?cs
  /if ?>
              <input id="merge-<?cs var:tag.Id ?>" name="into" type="text" list="tag-names" maxlength="64" required value="<?cs var:tag.MergeValue ?>" placeholder="Another tag"<?cs
  if:tag.MergeError ?> aria-invalid="true" aria-describedby="merge-<?cs var:tag.Id ?>-error"<?cs /if ?>>
              <button type="submit" class="button">Merge</button>
            </form>
          </td>
          <td>
            <form class="inline-form" method="post" action="/admin/tags/<?cs var:tag.Id ?>/delete">
              <?cs call:csrf_field() ?>
              <button type="submit" class="button button-danger">Delete<span class="visually-hidden"> <?cs var:tag.Name ?></span></button>
            </form>
          </td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs /if ?>
</section>
<section class="panel" aria-labelledby="tag-new-heading">
  <h2 id="tag-new-heading">Create a tag</h2>
  <form class="form" method="post" action="/admin/tags">
    <?cs call:csrf_field() ?>
<?cs call:input_field("name", "Name", "text", "off", 64, 1, "") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Create tag</button>
    </div>
  </form>
</section>
<?cs /if ?>
