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
    <h2 id="files-heading">Files</h2>
    <p class="empty">No files have been shared with you yet.</p>
  </section>
  <section class="panel" aria-labelledby="payments-heading">
    <h2 id="payments-heading">Payments</h2>
    <p class="empty">No payments are recorded yet.</p>
  </section>
</div>
