<?cs # import.cs: importing clients from a CSV file: the upload form, the template to download, and the recent imports ?>
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/clients">Clients</a></li>
    <li aria-current="page">Import</li>
  </ol>
</nav>
<section class="panel" aria-labelledby="import-heading">
  <h1 id="import-heading">Import clients from a CSV file</h1>
  <p class="lede">Upload a spreadsheet saved as CSV, or an export of Google Contacts, Outlook or another practice system. Next you choose which column is which, then Casebook checks every row and shows what it would save before anything is written. Imported clients are saved as Pending.</p>
  <p>A file of at most <?cs var:Import.MaxSize ?> and <?cs var:#Import.MaxRows ?> rows; commas, semicolons or tabs between fields; UTF-8 or Windows-1252 text. <a href="/clients/import/template.csv" download>Download a template</a> with every column Casebook reads.</p>
<?cs if:Import.Error ?>
  <div class="form-error" role="alert" id="import-error"><?cs var:Import.Error ?></div>
<?cs /if ?>
  <form class="form" method="post" action="/clients/import" enctype="multipart/form-data">
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Import.Error ?> field-invalid<?cs /if ?>">
      <label for="file">CSV file</label>
      <input id="file" name="file" type="file" accept=".csv,.txt,text/csv,text/plain" required<?cs if:Import.Error ?> aria-invalid="true" aria-describedby="import-error"<?cs /if ?>>
    </div>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Upload and choose columns</button>
    </div>
  </form>
</section>
<?cs if:subcount(Imports) > 0 ?>
<section class="panel" aria-labelledby="imports-heading">
  <h2 id="imports-heading">Recent imports</h2>
  <div class="table-scroll" role="region" aria-labelledby="imports-caption" tabindex="0">
    <table class="table imports-table">
      <caption id="imports-caption">The latest imports, newest first</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">By</th>
          <th scope="col">Uploaded</th>
          <th scope="col">State</th>
          <th scope="col" class="number">Rows</th>
          <th scope="col" class="number">Created</th>
          <th scope="col" class="number">Updated</th>
          <th scope="col" class="number">Skipped</th>
          <th scope="col" class="number">Failed</th>
        </tr>
      </thead>
      <tbody>
<?cs each:im = Imports ?>
        <tr id="import-<?cs var:im.Id ?>">
          <th scope="row"><a href="/clients/import/<?cs var:im.Id ?>"><?cs var:im.FileName ?></a></th>
          <td><?cs var:im.By ?></td>
          <td class="nowrap"><?cs var:im.When ?></td>
          <td><?cs var:im.StateLabel ?><?cs if:im.State == "running" ?> (<?cs var:im.Done ?> of <?cs var:im.Total ?>)<?cs /if ?></td>
          <td class="number"><?cs var:im.Total ?></td>
          <td class="number"><?cs var:im.Created ?></td>
          <td class="number"><?cs var:im.Updated ?></td>
          <td class="number"><?cs var:im.Skipped ?></td>
          <td class="number"><?cs var:im.Failed ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
</section>
<?cs /if ?>
