<?cs # import_status.cs: an import running (a progress bar; the page reloads itself) or finished (the counts and the report of rows not imported) ?>
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/clients">Clients</a></li>
    <li><a href="/clients/import">Import</a></li>
    <li aria-current="page"><?cs var:Import.FileName ?></li>
  </ol>
</nav>
<section class="panel" aria-labelledby="status-heading">
<?cs if:Import.State == "running" ?>
  <h1 id="status-heading">Importing <?cs var:Import.FileName ?></h1>
  <p class="lede">You can leave this page: the import goes on, and this page shows where it is when you come back.</p>
  <label for="import-progress">Rows done: <span id="rows-done"><?cs var:#Import.Done ?></span> of <span id="rows-total"><?cs var:#Import.Total ?></span></label>
  <progress id="import-progress" max="<?cs var:#Import.Total ?>" value="<?cs var:#Import.Done ?>"><?cs var:#Import.Percent ?>%</progress>
<?cs else ?>
  <h1 id="status-heading"><?cs if:Import.State == "done" ?>Import finished<?cs elif:Import.State == "expired" ?>Upload expired<?cs else ?>Import stopped<?cs /if ?></h1>
  <p class="lede"><?cs var:Import.FileName ?>, uploaded <?cs var:Import.Uploaded ?><?cs if:Import.Finished ?>, finished <?cs var:Import.Finished ?><?cs /if ?>.</p>
<?cs if:Import.StopReason ?>
  <div class="form-error" role="alert" id="stop-reason"><?cs var:Import.StopReason ?></div>
<?cs /if ?>
<?cs /if ?>
  <dl class="facts" id="import-counts">
    <div class="fact"><dt>Created</dt><dd id="count-created"><?cs var:#Import.Created ?></dd></div>
    <div class="fact"><dt>Updated</dt><dd id="count-updated"><?cs var:#Import.Updated ?></dd></div>
    <div class="fact"><dt>Skipped</dt><dd id="count-skipped"><?cs var:#Import.Skipped ?></dd></div>
    <div class="fact"><dt>Failed</dt><dd id="count-failed"><?cs var:#Import.Failed ?></dd></div>
<?cs if:Import.Invite == "1" ?>
    <div class="fact"><dt>Invited</dt><dd id="count-invited"><?cs var:#Import.Invited ?></dd></div>
<?cs /if ?>
  </dl>
<?cs if:Import.NotImported > 0 ?>
  <p><a class="button" href="/clients/import/<?cs var:Import.Id ?>/problems.csv" download>Download the <?cs var:#Import.NotImported ?> row<?cs if:Import.NotImported != 1 ?>s<?cs /if ?> not imported (CSV)</a> — each with its row number and the reason. Fix them and upload that file again.</p>
<?cs /if ?>
<?cs if:Import.State != "running" ?>
  <p><a href="/clients?status=pending">See the Pending clients</a> · <a href="/clients/import">Import another file</a></p>
<?cs /if ?>
</section>
