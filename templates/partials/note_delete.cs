<?cs # partials/note_delete.cs: the confirmation before a note is deleted for good. ?>
<section class="panel danger-panel" aria-labelledby="note-delete-heading">
  <h2 id="note-delete-heading">Delete “<?cs var:Note.Title ?>”?</h2>
  <p>The note<?cs if:Note.Shared == "1" ?> and its comments<?cs /if ?> will be deleted for good. This cannot be undone.</p>
  <form method="post" action="<?cs var:Note.Url ?>/delete">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="confirm" value="1">
    <button type="submit" class="button button-danger">Delete note</button>
    <a class="button" href="<?cs var:Note.Url ?>">Keep it</a>
  </form>
</section>
