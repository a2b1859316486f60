<?cs # partials/note.cs: one note (Note), its share toggle, edit and delete for its author, and
  the comment thread of a shared note. Note.BodyHtml and each comment's BodyHtml come from the
  note formatter (lib/markup), which escapes every character of the text itself: they are
  the only values printed with escaping off. ?>
<p class="back-link"><a href="<?cs var:Notes.Base ?>">All notes</a></p>
<article class="panel note" aria-labelledby="note-heading">
  <header class="note-header">
    <h2 id="note-heading"><?cs var:Note.Title ?></h2>
    <p class="note-meta"><?cs var:Note.Date ?> · <?cs var:Note.Author ?><?cs if:Note.UpdatedAt ?> · edited <?cs var:Note.UpdatedAt ?><?cs /if ?></p>
    <p class="note-badges"><?cs if:Note.Shared == "1" ?><span class="badge badge-active">Shared</span><?cs else ?><span class="badge badge-pending">Private</span><?cs /if ?><?cs
      if:!Notes.Portal && Note.AuthorKind == "staff" && Note.Shared == "1" ?> <?cs if:Note.SeenAt ?><span class="badge badge-seen">Seen by client <?cs var:Note.SeenAt ?></span><?cs else ?><span class="muted">Not opened by the client yet</span><?cs /if ?><?cs /if ?></p>
  </header>
  <div class="note-body"><?cs escape:"none" ?><?cs var:Note.BodyHtml ?><?cs /escape ?></div>
<?cs if:Note.Mine ?>
  <div class="note-actions">
    <form class="inline-form" method="post" action="<?cs var:Note.Url ?>/share">
      <?cs call:csrf_field() ?>
<?cs if:Note.Shared == "1" ?>
      <input type="hidden" name="shared" value="0">
      <button type="submit" class="button">Make private</button>
<?cs else ?>
      <input type="hidden" name="shared" value="1">
      <button type="submit" class="button"><?cs if:Notes.Portal ?>Share with my practitioner<?cs else ?>Share with the client<?cs /if ?></button>
<?cs /if ?>
    </form>
    <a class="button" href="<?cs var:Note.Url ?>/edit">Edit</a>
    <a class="danger-link" href="<?cs var:Note.Url ?>/delete">Delete…</a>
  </div>
<?cs /if ?>
</article>
<?cs if:Note.Shared == "1" ?>
<section class="panel" id="comments" aria-labelledby="comments-heading">
  <h2 id="comments-heading">Comments</h2>
<?cs if:subcount(Note.Comments) > 0 ?>
  <ol class="comment-list">
<?cs each:c = Note.Comments ?>
    <li class="comment" id="comment-<?cs var:#c.Id ?>">
      <p class="comment-meta"><strong><?cs var:c.Author ?></strong> · <?cs var:c.At ?><?cs if:c.Edited ?> · edited<?cs /if ?></p>
      <div class="comment-body"><?cs escape:"none" ?><?cs var:c.BodyHtml ?><?cs /escape ?></div>
<?cs if:c.Mine ?>
      <details class="comment-edit">
        <summary class="button-link">Edit</summary>
        <form method="post" action="<?cs var:Note.Url ?>/comments/<?cs var:#c.Id ?>/edit">
          <?cs call:csrf_field() ?>
          <label for="comment-<?cs var:#c.Id ?>-body">Your comment</label>
          <textarea id="comment-<?cs var:#c.Id ?>-body" name="body" rows="3" maxlength="5000" required><?cs var:c.Body ?></textarea>
          <button type="submit" class="button">Save comment</button>
        </form>
      </details>
      <details class="comment-delete">
        <summary class="button-link">Delete…</summary>
        <form method="post" action="<?cs var:Note.Url ?>/comments/<?cs var:#c.Id ?>/delete">
          <?cs call:csrf_field() ?>
          <p>Delete this comment for good?</p>
          <button type="submit" class="button button-danger">Delete comment</button>
        </form>
      </details>
<?cs /if ?>
    </li>
<?cs /each ?>
  </ol>
<?cs else ?>
  <p class="empty">No comments yet.</p>
<?cs /if ?>
  <form class="comment-form" method="post" action="<?cs var:Note.Url ?>/comments">
    <?cs call:csrf_field() ?>
    <label for="comment-body">Add a comment</label>
    <textarea id="comment-body" name="body" rows="3" maxlength="5000" required></textarea>
    <button type="submit" class="button button-primary">Send comment</button>
  </form>
</section>
<?cs /if ?>
