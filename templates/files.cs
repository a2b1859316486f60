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
<?cs include:"partials/files_table.cs" ?>
</section>
