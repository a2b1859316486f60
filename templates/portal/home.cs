<section class="panel" aria-labelledby="portal-heading">
  <h1 id="portal-heading">Welcome, <?cs var:Portal.Client.Name ?></h1>
  <p class="lede">Your space at <?cs var:Practice.Name ?>: what your practitioner shares with you appears here.</p>
</section>
<div class="portal-sections">
  <section class="panel" aria-labelledby="notes-heading">
    <h2 id="notes-heading">Notes</h2>
<?cs if:Home.Notes.Shared > 0 ?>
    <p><?cs var:#Home.Notes.Shared ?> shared with you<?cs if:Home.Notes.Unread > 0 ?>, <strong><?cs var:#Home.Notes.Unread ?> new</strong><?cs /if ?>.</p>
    <ul class="home-list">
<?cs each:n = Home.Notes.Latest ?>
      <li><a href="<?cs var:n.Url ?>"><?cs var:n.Title ?></a> <span class="muted"><?cs var:n.Date ?></span><?cs if:n.New ?> <span class="badge badge-active">New</span><?cs /if ?></li>
<?cs /each ?>
    </ul>
<?cs else ?>
    <p class="empty">No notes have been shared with you yet.</p>
<?cs /if ?>
    <p><a href="/portal/notes"><?cs if:Home.Notes.Own > 0 ?>All notes and your <?cs var:#Home.Notes.Own ?> reflection<?cs if:Home.Notes.Own != 1 ?>s<?cs /if ?><?cs else ?>Notes, and write a reflection<?cs /if ?></a></p>
  </section>
  <section class="panel" aria-labelledby="tasks-heading">
    <h2 id="tasks-heading">Tasks</h2>
<?cs if:Home.Tasks.Total > 0 ?>
    <p><?cs var:#Home.Tasks.Open ?> open<?cs if:Home.Tasks.Overdue > 0 ?>, <strong class="overdue"><?cs var:#Home.Tasks.Overdue ?> overdue</strong><?cs /if ?> · <?cs var:#Home.Tasks.Done ?> of <?cs var:#Home.Tasks.Total ?> done.</p>
    <ul class="home-list">
<?cs each:t = Home.Tasks.Next ?>
      <li><?cs var:t.Title ?><?cs if:t.Due ?> <span class="muted">due <?cs var:t.Due ?></span><?cs /if ?><?cs if:t.Overdue ?> <span class="badge badge-overdue">Overdue</span><?cs /if ?></li>
<?cs /each ?>
    </ul>
<?cs else ?>
    <p class="empty">You have no tasks yet.</p>
<?cs /if ?>
    <p><a href="/portal/tasks">All tasks, and add a to-do</a></p>
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
