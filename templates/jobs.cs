<section class="panel" aria-labelledby="jobs-heading">
  <h1 id="jobs-heading">Jobs</h1>
  <p class="lede">Work Casebook does in the background, newest first: e-mail waiting to go out, and the regular clean-up. A job that fails is tried again after a growing pause; after the last try it shows as failed, with the reason.</p>
<?cs if:!Jobs.Runner.SeenAt ?>
  <div class="form-error" role="alert" id="runner-warning">No job runner has run yet, so e-mail, imports and the clean-up wait. Start Casebook with <code>casebook serve</code>, or add the cron line <code>casebook jobs --for 55</code> (every minute) where Casebook runs without it.</div>
<?cs elif:Jobs.Runner.Stale ?>
  <div class="form-error" role="alert" id="runner-warning">No job runner has run for <?cs var:Jobs.Runner.Minutes ?> minutes (the last on <?cs var:Jobs.Runner.Host ?>, <?cs var:Jobs.Runner.SeenAt ?>), so e-mail, imports and the clean-up wait. Check that Casebook is running, or its cron line <code>casebook jobs --for 55</code>.</div>
<?cs else ?>
  <p id="runner-seen">A job runner last ran <?cs var:Jobs.Runner.SeenAt ?> on <?cs var:Jobs.Runner.Host ?>.</p>
<?cs /if ?>
<?cs if:Jobs.Total == 0 ?>
  <p class="empty">There are no jobs yet.</p>
<?cs else ?>
  <div class="table-scroll" role="region" aria-labelledby="jobs-caption" tabindex="0">
    <table class="table jobs-table">
      <caption id="jobs-caption">Jobs, page <?cs var:#Jobs.Page ?> of <?cs var:#Jobs.Pages ?></caption>
      <thead>
        <tr>
          <th scope="col">Job</th>
          <th scope="col">What</th>
          <th scope="col">State</th>
          <th scope="col" class="number">Attempts</th>
          <th scope="col">When</th>
          <th scope="col">Last error</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
<?cs each:job = Jobs.List ?>
        <tr id="job-<?cs var:job.Id ?>">
          <th scope="row" class="nowrap"><?cs var:job.Id ?></th>
          <td>
            <?cs var:job.KindLabel ?><?cs if:job.Kind == "mail" ?>
            <div>To: <?cs var:job.To ?></div>
            <div>Subject: <?cs var:job.Subject ?></div><?cs /if ?>
          </td>
          <td><?cs if:job.State == "done" ?><span class="badge badge-active">Done</span><?cs
            elif:job.State == "failed" ?><span class="badge badge-failed">Failed</span><?cs
            elif:job.State == "running" ?><span class="badge badge-pending">Running</span><?cs
            elif:(job.Attempts > 0 || job.Error) && !job.Repeating ?><span class="badge badge-pending">Waiting to retry</span><?cs
            else ?><span class="badge badge-inactive">Queued</span><?cs /if ?></td>
          <td class="number"><?cs var:job.Attempts ?></td>
          <td class="nowrap"><?cs if:job.State == "done" ?>Finished <?cs var:job.FinishedAt ?><?cs
            elif:job.State == "failed" ?>Gave up <?cs var:job.UpdatedAt ?><?cs
            elif:job.State == "running" ?>Started <?cs var:job.StartedAt ?><?cs
            elif:job.Attempts > 0 && !job.Repeating ?>Next try <?cs var:job.RunAt ?><?cs
            else ?>Due <?cs var:job.RunAt ?><?cs /if ?></td>
          <td><?cs if:!job.Error ?><span class="muted">None</span><?cs elif:job.State == "done" ?><span class="muted">Before it succeeded: <?cs var:job.Error ?></span><?cs else ?><?cs var:job.Error ?><?cs /if ?></td>
          <td><?cs if:job.CanRetry ?>
            <form class="inline-form" method="post" action="/admin/jobs/<?cs var:job.Id ?>/retry">
              <?cs call:csrf_field() ?>
              <button type="submit" class="button">Retry now<span class="visually-hidden"> job <?cs var:job.Id ?></span></button>
            </form><?cs /if ?>
          </td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs call:pager(Jobs, "Job pages", "job", "jobs") ?>
<?cs /if ?>
</section>
