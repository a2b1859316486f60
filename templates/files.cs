<?cs #
  files.cs: the Files tab of a client's profile (included by profile.cs): usage of the
  practice's space, the upload form (several files at once; the drop zone is an enhancement
  by casebook.js, the file input works without it), and the files with their share toggle.
  Files.N: Id, Name, Size, Type, By, ByClient, Shared, At, Sha256, CanDelete.
?>
<section class="panel" aria-labelledby="tab-heading">
  <h2 id="tab-heading">Files</h2>
  <p class="files-usage">The practice's files use <strong><?cs var:FilesUsage.Used ?></strong> of <?cs var:FilesUsage.Quota ?> (<?cs var:#FilesUsage.Percent ?>%).</p>
  <form class="form files-upload" method="post" action="/clients/<?cs var:#Client.Id ?>/files" enctype="multipart/form-data" data-dropzone>
    <?cs call:csrf_field() ?>
    <div class="field">
      <label for="files">Upload files</label>
      <p class="field-hint" id="files-hint">One or several files, each at most <?cs var:FilesUsage.MaxFile ?>: <?cs var:FilesUsage.Allowed ?>. You can also drop files here.</p>
      <input id="files" name="files" type="file" multiple required aria-describedby="files-hint">
    </div>
    <div class="field field-checkbox">
      <input id="shared" name="shared" type="checkbox" value="1">
      <label for="shared">Share with the client (they see it in the portal)</label>
    </div>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Upload</button>
    </div>
  </form>
<?cs if:subcount(Files) > 0 ?>
  <div class="table-scroll" role="region" aria-labelledby="files-caption" tabindex="0">
    <table class="table files-table">
      <caption id="files-caption" class="visually-hidden"><?cs var:subcount(Files) ?> <?cs if:subcount(Files) == 1 ?>file<?cs else ?>files<?cs /if ?></caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">Size</th>
          <th scope="col">Uploaded</th>
          <th scope="col">Shared</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
<?cs each:file = Files ?>
        <tr>
          <td><a href="/clients/<?cs var:#Client.Id ?>/files/<?cs var:#file.Id ?>" download><?cs var:file.Name ?></a></td>
          <td><?cs var:file.Type ?></td>
          <td class="nowrap"><?cs var:file.Size ?></td>
          <td><?cs var:file.At ?> <span class="muted">by <?cs var:file.By ?></span></td>
          <td>
            <form class="inline-form" method="post" action="/clients/<?cs var:#Client.Id ?>/files/<?cs var:#file.Id ?>/share">
              <?cs call:csrf_field() ?><?cs
              if:file.Shared ?>
              <input type="hidden" name="shared" value="0">
              <span class="badge badge-active">Shared</span> <button type="submit" class="button-link">Stop sharing</button><?cs
              else ?>
              <input type="hidden" name="shared" value="1">
              <span class="badge badge-inactive">Not shared</span> <button type="submit" class="button-link">Share</button><?cs
              /if ?>
            </form>
          </td>
          <td><?cs if:file.CanDelete ?>
            <form class="inline-form" method="post" action="/clients/<?cs var:#Client.Id ?>/files/<?cs var:#file.Id ?>/delete">
              <?cs call:csrf_field() ?>
              <button type="submit" class="button-link danger-link">Delete</button>
            </form><?cs /if ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs else ?>
  <p class="empty empty-wide">No files yet. Documents shared with this client will appear here. So will the files the client uploads in the portal.</p>
<?cs /if ?>
</section>
