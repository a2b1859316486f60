<?cs # import_map.cs: which column of the uploaded file becomes which field of a client, and what to do with clients who exist already ?>
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/clients">Clients</a></li>
    <li><a href="/clients/import">Import</a></li>
    <li aria-current="page"><?cs var:Import.FileName ?></li>
  </ol>
</nav>
<section class="panel" aria-labelledby="map-heading">
  <h1 id="map-heading">Choose the columns</h1>
  <p class="lede"><?cs var:Import.FileName ?>: <?cs var:#Import.Total ?> row<?cs if:Import.Total != 1 ?>s<?cs /if ?>, fields separated by <?cs if:Import.Delimiter == "semicolon" ?>semicolons<?cs elif:Import.Delimiter == "tab" ?>tabs<?cs else ?>commas<?cs /if ?>, read as <?cs if:Import.Encoding == "windows-1252" ?>Windows-1252 (the file is not UTF-8)<?cs else ?>UTF-8<?cs /if ?>.</p>
  <p>Casebook chose the columns whose names it knows. Change any choice; a column chosen for no field is not imported. Every client needs an email address and a first and last name (or a full name Casebook splits).</p>
  <form class="form" method="post" action="/clients/import/<?cs var:Import.Id ?>/mapping">
    <?cs call:csrf_field() ?>
    <fieldset class="settings-group">
      <legend>Fields</legend>
<?cs each:t = Targets ?>
      <div class="field">
        <label for="map-<?cs var:t.Name ?>"><?cs var:t.Label ?></label>
        <select id="map-<?cs var:t.Name ?>" name="<?cs var:t.Name ?>">
          <option value="0">— not imported —</option><?cs
  each:col = Columns ?>
          <option value="<?cs var:col.Number ?>"<?cs if:col.Number == t.Column ?> selected<?cs /if ?>><?cs var:col.Name ?> (column <?cs var:col.Number ?>)</option><?cs
  /each ?>
        </select>
      </div>
<?cs /each ?>
    </fieldset>
    <fieldset class="settings-group">
      <legend>Clients who are already in Casebook (the same email)</legend>
      <div class="field">
        <label><input type="radio" name="existing" value="skip"<?cs if:Import.Existing != "update" ?> checked<?cs /if ?>> Skip them: leave their records as they are</label>
        <label><input type="radio" name="existing" value="update"<?cs if:Import.Existing == "update" ?> checked<?cs /if ?>> Fill in their empty fields from the file</label>
      </div>
    </fieldset>
    <fieldset class="settings-group">
      <legend>Portal</legend>
      <div class="field">
        <label><input type="checkbox" name="invite" value="1"<?cs if:Import.Invite == "1" ?> checked<?cs /if ?>> Invite every new client to the portal by e-mail</label>
      </div>
    </fieldset>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Check the file</button>
      <span class="muted">Nothing is saved until you import.</span>
    </div>
  </form>
</section>
