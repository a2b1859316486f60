<?cs # partials/note_edit.cs: the author's form to change a note (Note, Form). ?>
<p class="back-link"><a href="<?cs var:Note.Url ?>">Back to the note</a></p>
<section class="panel" aria-labelledby="note-edit-heading">
  <h2 id="note-edit-heading">Edit note</h2>
  <form class="note-form" method="post" action="<?cs var:Note.Url ?>/edit">
    <?cs call:csrf_field() ?>
    <?cs call:form_error() ?>
<?cs include:"partials/note_fields.cs" ?>
    <button type="submit" class="button button-primary">Save note</button>
    <a class="button" href="<?cs var:Note.Url ?>">Cancel</a>
  </form>
</section>
