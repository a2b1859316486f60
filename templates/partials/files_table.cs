<?cs #
  partials/files_table.cs: the table of a client's files, shared by the staff Files tab
  (files.cs) and the portal's Files page (portal/files.cs), or the line saying there are none.
  Portal.Client.Id tells the portal (a client signed in) from the staff tab (Client.Id, the
  profile's client): the addresses of the files, the table's caption and the columns differ. Staff see who uploaded a file and
  when, and its share toggle; the client sees who it is from. Delete shows where
  Files.N.CanDelete says the reader may delete the file.
  Files.N: Id, Name, Size, Type, By, ByClient, Shared, At, CanDelete.
  No newline ends this file: the includer's line break follows the table.
?><?cs if:Portal.Client.Id ?><?cs
  set:FilesTable.Base = "/portal/files" ?><?cs
else ?><?cs
  set:FilesTable.Base = "/clients/" + Client.Id + "/files" ?><?cs
/if ?><?cs if:subcount(Files) > 0 ?>
  <div class="table-scroll" role="region" aria-labelledby="files-caption" tabindex="0">
    <table class="table files-table">
      <caption id="files-caption" class="visually-hidden"><?cs if:Portal.Client.Id ?>Your <?cs /if ?><?cs var:subcount(Files) ?> <?cs if:subcount(Files) == 1 ?>file<?cs else ?>files<?cs /if ?></caption>
      <thead><?cs if:Portal.Client.Id ?>
        <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Size</th><th scope="col">From</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr><?cs else ?>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">Size</th>
          <th scope="col">Uploaded</th>
          <th scope="col">Shared</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr><?cs /if ?>
      </thead>
      <tbody>
<?cs each:file = Files ?>
        <tr>
          <td><a href="<?cs var:FilesTable.Base ?>/<?cs var:#file.Id ?>" download><?cs var:file.Name ?></a></td>
          <td><?cs var:file.Type ?></td>
          <td class="nowrap"><?cs var:file.Size ?></td><?cs if:Portal.Client.Id ?>
          <td><?cs if:file.ByClient ?>You<?cs else ?><?cs var:file.By ?><?cs /if ?>, <?cs var:file.At ?></td><?cs else ?>
          <td><?cs var:file.At ?> <span class="muted">by <?cs var:file.By ?></span></td>
          <td>
            <form class="inline-form" method="post" action="<?cs var:FilesTable.Base ?>/<?cs var:#file.Id ?>/share">
              <?cs call:csrf_field() ?><?cs
              if:file.Shared ?>
              <input type="hidden" name="shared" value="0">
              <span class="badge badge-active">Shared</span> <button type="submit" class="button-link">Stop sharing</button><?cs
              else ?>
              <input type="hidden" name="shared" value="1">
              <span class="badge badge-inactive">Not shared</span> <button type="submit" class="button-link">Share</button><?cs
              /if ?>
            </form>
          </td><?cs /if ?>
          <td><?cs if:file.CanDelete ?>
            <form class="inline-form" method="post" action="<?cs var:FilesTable.Base ?>/<?cs var:#file.Id ?>/delete">
              <?cs call:csrf_field() ?>
              <button type="submit" class="button-link danger-link">Delete</button>
            </form><?cs /if ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs elif:Portal.Client.Id ?>
  <p class="empty">No files have been shared with you yet.</p>
<?cs else ?>
  <p class="empty empty-wide">No files yet. Documents shared with this client will appear here. So will the files the client uploads in the portal.</p>
<?cs /if ?>