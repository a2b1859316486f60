<section class="panel" aria-labelledby="audit-heading">
  <h1 id="audit-heading">Audit log</h1>
  <p class="lede">Who did what, and when, newest first.</p>
<?cs if:Audit.Total == 0 ?>
  <p class="empty">Nothing has been recorded yet.</p>
<?cs else ?>
  <div class="table-scroll" role="region" aria-labelledby="audit-caption" tabindex="0">
    <table class="table">
      <caption id="audit-caption">Audit entries, page <?cs var:#Audit.Page ?> of <?cs var:#Audit.Pages ?></caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Record</th>
          <th scope="col">Address</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
<?cs each:entry = Audit.Entries ?>
        <tr>
          <td class="nowrap"><?cs var:entry.At ?></td>
          <td><?cs var:entry.Actor ?></td>
          <td><code><?cs var:entry.Action ?></code></td>
          <td><?cs var:entry.Object ?></td>
          <td class="nowrap"><?cs var:entry.Ip ?></td>
          <td><?cs var:entry.Detail ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs call:pager(Audit, "Audit log pages", "entry", "entries") ?>
<?cs /if ?>
</section>
