<?cs # partials/tasks_lists.cs: open tasks (overdue ones marked) and completed ones, the
  completion rate, and the form for a new task; staff and portal alike (Tasks.Portal words it
  for the client and offers "Mark done"). Each DescriptionHtml comes from the note formatter
  (lib/markup), which escapes every character of the text: printed with escaping off. ?>
<section class="panel" aria-labelledby="tasks-heading">
  <h2 id="tasks-heading"><?cs if:Tasks.Portal ?>Your tasks<?cs else ?>Tasks<?cs /if ?></h2>
  <p class="task-summary"><?cs if:Tasks.Total > 0 ?><span class="task-rate"><?cs var:#Tasks.Done ?> of <?cs var:#Tasks.Total ?> done (<?cs var:#Tasks.Rate ?>%)</span><?cs if:Tasks.Overdue > 0 ?> · <span class="overdue"><?cs var:#Tasks.Overdue ?> overdue</span><?cs /if ?><?cs else ?>No tasks yet.<?cs /if ?></p>
  <h3 id="open-heading">Open (<?cs var:#Tasks.Open ?>)</h3>
<?cs if:subcount(Tasks.OpenList) > 0 ?>
  <ul class="task-list" aria-labelledby="open-heading">
<?cs each:t = Tasks.OpenList ?>
    <li class="task<?cs if:t.Overdue ?> task-overdue<?cs /if ?>" id="task-<?cs var:#t.Id ?>">
      <p class="task-title"><strong><?cs var:t.Title ?></strong><?cs if:t.Overdue ?> <span class="badge badge-overdue">Overdue</span><?cs /if ?></p>
      <p class="task-meta"><?cs if:t.Due ?>Due <?cs var:t.Due ?> · <?cs /if ?><?cs if:t.CreatedBy == "client" ?><?cs if:Tasks.Portal ?>Your to-do<?cs else ?>The client's own to-do<?cs /if ?><?cs else ?>From <?cs var:t.Author ?><?cs /if ?></p>
      <div class="task-description"><?cs escape:"none" ?><?cs var:t.DescriptionHtml ?><?cs /escape ?></div>
<?cs if:Tasks.Portal ?>
      <form class="task-done-form" method="post" action="<?cs var:t.Url ?>/done">
        <?cs call:csrf_field() ?>
        <label for="task-<?cs var:#t.Id ?>-comment">Comment (optional)</label>
        <textarea id="task-<?cs var:#t.Id ?>-comment" name="comment" rows="2" maxlength="1000"></textarea>
        <button type="submit" class="button button-primary">Mark done</button>
      </form>
<?cs /if ?>
    </li>
<?cs /each ?>
  </ul>
<?cs else ?>
  <p class="empty">Nothing open.</p>
<?cs /if ?>
  <h3 id="done-heading">Completed (<?cs var:#Tasks.Done ?>)</h3>
<?cs if:subcount(Tasks.DoneList) > 0 ?>
  <ul class="task-list task-list-done" aria-labelledby="done-heading">
<?cs each:t = Tasks.DoneList ?>
    <li class="task task-done" id="task-<?cs var:#t.Id ?>">
      <p class="task-title"><strong><?cs var:t.Title ?></strong> <span class="badge badge-active">Done</span></p>
      <p class="task-meta">Done <?cs var:t.DoneAt ?><?cs if:t.Due ?> · was due <?cs var:t.Due ?><?cs /if ?></p>
<?cs if:t.DoneComment ?>
      <p class="task-comment pre-line"><?cs var:t.DoneComment ?></p>
<?cs /if ?>
<?cs if:t.CanReopen ?>
      <form class="inline-form" method="post" action="<?cs var:t.Url ?>/reopen">
        <?cs call:csrf_field() ?>
        <button type="submit" class="button-link">Reopen</button>
      </form>
<?cs /if ?>
    </li>
<?cs /each ?>
  </ul>
<?cs else ?>
  <p class="empty">Nothing completed yet.</p>
<?cs /if ?>
</section>
<section class="panel" aria-labelledby="task-new-heading">
  <h2 id="task-new-heading"><?cs if:Tasks.Portal ?>Add a to-do<?cs else ?>Assign a task<?cs /if ?></h2>
  <form class="task-form" method="post" action="<?cs var:Tasks.Base ?>">
    <?cs call:csrf_field() ?>
    <?cs call:form_error() ?>
    <div class="field<?cs if:Form.title.Error ?> field-invalid<?cs /if ?>">
      <label for="title">Task</label><?cs if:Form.title.Error ?>
      <p class="field-error" id="title-error"><?cs var:Form.title.Error ?></p><?cs /if ?>
      <input id="title" name="title" type="text" maxlength="200" required value="<?cs var:Form.title.Value ?>"<?cs if:Form.title.Error ?> aria-invalid="true" aria-describedby="title-error"<?cs /if ?>>
    </div>
    <div class="field<?cs if:Form.description.Error ?> field-invalid<?cs /if ?>">
      <label for="description">Description (optional)</label><?cs if:Form.description.Error ?>
      <p class="field-error" id="description-error"><?cs var:Form.description.Error ?></p><?cs /if ?>
      <textarea id="description" name="description" rows="3" maxlength="5000"><?cs var:Form.description.Value ?></textarea>
    </div>
    <div class="field<?cs if:Form.due_date.Error ?> field-invalid<?cs /if ?>">
      <label for="due_date">Due date (optional)</label><?cs if:Form.due_date.Error ?>
      <p class="field-error" id="due_date-error"><?cs var:Form.due_date.Error ?></p><?cs /if ?>
      <input id="due_date" name="due_date" type="date" value="<?cs var:Form.due_date.Value ?>"<?cs if:Form.due_date.Error ?> aria-invalid="true" aria-describedby="due_date-error"<?cs /if ?>>
    </div>
    <button type="submit" class="button button-primary"><?cs if:Tasks.Portal ?>Add to-do<?cs else ?>Assign task<?cs /if ?></button>
  </form>
</section>
