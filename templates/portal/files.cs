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
<?cs include:"partials/files_table.cs" ?>
</section>
