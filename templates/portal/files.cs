<?cs # portal/files.cs: the client's files: those shared with them and their own uploads ?>
<section class="panel" aria-labelledby="files-heading">
  <h1 id="files-heading">Files</h1>
  <p class="lede">Documents your practitioner shared with you, and files you sent them.</p>
  <form class="form files-upload" method="post" action="/portal/files" enctype="multipart/form-data" data-dropzone>
    <?cs call:csrf_field() ?>
    <div class="field">
      <label for="files">Send files to your practitioner</label>
      <p class="field-hint" id="files-hint">Allowed: <?cs var:FilesUsage.Allowed ?>.</p>
      <input id="files" name="files" type="file" multiple required aria-describedby="files-hint">
    </div>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Upload</button>
    </div>
  </form>
<?cs if:subcount(Files) > 0 ?>
  <div class="table-scroll" role="region" aria-labelledby="files-caption" tabindex="0">
    <table class="table files-table">
      <caption id="files-caption" class="visually-hidden">Your <?cs var:subcount(Files) ?> <?cs if:subcount(Files) == 1 ?>file<?cs else ?>files<?cs /if ?></caption>
      <thead>
        <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Size</th><th scope="col">From</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
      </thead>
      <tbody>
<?cs each:file = Files ?>
        <tr>
          <td><a href="/portal/files/<?cs var:#file.Id ?>" download><?cs var:file.Name ?></a></td>
          <td><?cs var:file.Type ?></td>
          <td class="nowrap"><?cs var:file.Size ?></td>
          <td><?cs if:file.ByClient ?>You<?cs else ?><?cs var:file.By ?><?cs /if ?>, <?cs var:file.At ?></td>
          <td><?cs if:file.CanDelete ?>
            <form class="inline-form" method="post" action="/portal/files/<?cs var:#file.Id ?>/delete">
              <?cs call:csrf_field() ?>
              <button type="submit" class="button-link danger-link">Delete</button>
            </form><?cs /if ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs else ?>
  <p class="empty">No files have been shared with you yet.</p>
<?cs /if ?>
</section>
