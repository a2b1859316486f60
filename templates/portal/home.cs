<section class="panel" aria-labelledby="portal-heading">
  <h1 id="portal-heading">Welcome, <?cs var:Portal.Client.Name ?></h1>
  <p class="lede">Your space at <?cs var:Practice.Name ?>: what your practitioner shares with you appears here.</p>
</section>
<div class="portal-sections">
  <section class="panel" aria-labelledby="notes-heading">
    <h2 id="notes-heading">Notes</h2>
    <p class="empty">No notes have been shared with you yet.</p>
  </section>
  <section class="panel" aria-labelledby="tasks-heading">
    <h2 id="tasks-heading">Tasks</h2>
    <p class="empty">You have no tasks yet.</p>
  </section>
  <section class="panel" aria-labelledby="files-heading">
    <h2 id="files-heading">Files</h2><?cs
    if:subcount(Files) > 0 ?>
    <ul class="portal-list"><?cs
      loop:i = 0, #FilesCount - 1, 1 ?><?cs if:i < 5 ?>
      <li><a href="/portal/files/<?cs var:#Files[i].Id ?>" download><?cs var:Files[i].Name ?></a> <span class="muted"><?cs var:Files[i].Size ?></span></li><?cs /if ?><?cs
      /loop ?>
    </ul>
    <p><a href="/portal/files">All your files (<?cs var:FilesCount ?>)</a></p><?cs
    else ?>
    <p class="empty">No files have been shared with you yet.</p>
    <p><a href="/portal/files">Send a file to your practitioner</a></p><?cs
    /if ?>
  </section>
  <section class="panel" aria-labelledby="payments-heading">
    <h2 id="payments-heading">Payments</h2><?cs
    if:subcount(Sessions) > 0 ?>
    <p>Outstanding balance: <strong id="portal-balance"><?cs var:Totals.Outstanding ?> <?cs var:Payments.Currency ?></strong> <span class="muted">(<?cs var:#Totals.Sessions ?> sessions, billed <?cs var:Totals.Billed ?>, paid <?cs var:Totals.Paid ?>)</span></p>
    <p><a href="/portal/payments">Your payment timeline</a></p><?cs
    else ?>
    <p class="empty">No payments are recorded yet.</p><?cs
    /if ?>
  </section>
</div>
