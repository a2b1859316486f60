<?cs # import_preview.cs: the dry run: what every row would become, the rows that cannot be imported and why, and the button that imports ?>
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/clients">Clients</a></li>
    <li><a href="/clients/import">Import</a></li>
    <li aria-current="page"><?cs var:Import.FileName ?></li>
  </ol>
</nav>
<section class="panel" aria-labelledby="preview-heading">
  <h1 id="preview-heading">Check before importing</h1>
  <p class="lede">Every row of <?cs var:Import.FileName ?> was checked; nothing has been saved yet.</p>
  <dl class="facts" id="preview-counts">
    <div class="fact"><dt>New clients</dt><dd id="count-new"><?cs var:#Preview.New ?></dd></div>
    <div class="fact"><dt>Already clients (<?cs if:Import.Existing == "update" ?>empty fields filled in<?cs else ?>skipped<?cs /if ?>)</dt><dd id="count-existing"><?cs var:#Preview.Existing ?></dd></div>
    <div class="fact"><dt>Rows with problems (not imported)</dt><dd id="count-failed"><?cs var:#Preview.Failed ?></dd></div>
  </dl>
  <p class="muted">Phone numbers without a country code are read as numbers of <?cs var:Preview.Country ?> (Settings); dates as YYYY-MM-DD or <?cs if:Preview.DateOrder == "mdy" ?>month/day/year<?cs else ?>day/month/year<?cs /if ?>.</p>
<?cs if:Preview.ReadError ?>
  <div class="form-error" role="alert">The file could not be read to the end: <?cs var:Preview.ReadError ?></div>
<?cs /if ?>
  <h2>The first rows, as they will be saved</h2>
  <div class="table-scroll" role="region" aria-labelledby="preview-caption" tabindex="0">
    <table class="table preview-table">
      <caption id="preview-caption">The first rows of the file</caption>
      <thead>
        <tr>
          <th scope="col" class="number">Row</th>
          <th scope="col">First name</th>
          <th scope="col">Last name</th>
          <th scope="col">Email</th>
          <th scope="col">Phone</th>
          <th scope="col">Date of birth</th>
          <th scope="col">Tags</th>
          <th scope="col">Check</th>
        </tr>
      </thead>
      <tbody>
<?cs each:row = Preview.Rows ?>
        <tr>
          <th scope="row" class="number"><?cs var:row.Number ?></th>
          <td><?cs var:row.first_name ?></td>
          <td><?cs var:row.last_name ?></td>
          <td><?cs var:row.email ?></td>
          <td class="nowrap"><?cs var:row.phone ?></td>
          <td class="nowrap"><?cs var:row.date_of_birth ?></td>
          <td><?cs var:row.Tags ?></td>
          <td><?cs if:row.Problem ?><span class="badge badge-failed">Not imported</span> <?cs var:row.Problem ?><?cs elif:row.Existing ?><span class="badge badge-inactive">Already a client</span><?cs else ?><span class="badge badge-active">OK</span><?cs /if ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs if:subcount(Preview.Problems) > 0 ?>
  <h2>Rows that will not be imported</h2>
  <div class="table-scroll" role="region" aria-labelledby="problems-caption" tabindex="0">
    <table class="table problems-table">
      <caption id="problems-caption">Rows with problems<?cs if:Preview.ProblemsNotShown > 0 ?> (and <?cs var:#Preview.ProblemsNotShown ?> more, listed in the report after the import)<?cs /if ?></caption>
      <thead>
        <tr><th scope="col" class="number">Row</th><th scope="col">Problem</th></tr>
      </thead>
      <tbody>
<?cs each:p = Preview.Problems ?>
        <tr><th scope="row" class="number"><?cs var:p.Number ?></th><td><?cs var:p.Reason ?></td></tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs /if ?>
  <form class="form" method="post" action="/clients/import/<?cs var:Import.Id ?>/start">
    <?cs call:csrf_field() ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Import <?cs var:#Preview.New ?> new client<?cs if:Preview.New != 1 ?>s<?cs /if ?></button>
      <a class="button" href="/clients/import/<?cs var:Import.Id ?>">Change the columns</a>
    </div>
    <p class="muted"><?cs if:Import.Invite == "1" ?>New clients will be invited to the portal by e-mail.<?cs else ?>No invitations will be sent.<?cs /if ?></p>
  </form>
</section>
