<?cs # partials/note_fields.cs: the title, text, date and (new notes) share fields of a note
  form, from Form.<name>.Value/.Error; Notes.Portal words it for the client. ?>
<div class="field<?cs if:Form.title.Error ?> field-invalid<?cs /if ?>">
  <label for="title">Title</label><?cs if:Form.title.Error ?>
  <p class="field-error" id="title-error"><?cs var:Form.title.Error ?></p><?cs /if ?>
  <input id="title" name="title" type="text" maxlength="200" required value="<?cs var:Form.title.Value ?>"<?cs if:Form.title.Error ?> aria-invalid="true" aria-describedby="title-error"<?cs /if ?>>
</div>
<div class="field<?cs if:Form.body.Error ?> field-invalid<?cs /if ?>">
  <label for="body"><?cs if:Notes.Portal ?>Your note<?cs else ?>Note<?cs /if ?></label>
  <p class="field-hint" id="body-hint">A blank line starts a paragraph. **bold**, *italic*, lines starting with "- " or "1. " make lists, [text](https://…) a link.</p><?cs if:Form.body.Error ?>
  <p class="field-error" id="body-error"><?cs var:Form.body.Error ?></p><?cs /if ?>
  <textarea id="body" name="body" rows="8" maxlength="20000" required aria-describedby="<?cs if:Form.body.Error ?>body-error <?cs /if ?>body-hint"<?cs if:Form.body.Error ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.body.Value ?></textarea>
</div>
<div class="field<?cs if:Form.note_date.Error ?> field-invalid<?cs /if ?>">
  <label for="note_date">Date</label><?cs if:Form.note_date.Error ?>
  <p class="field-error" id="note_date-error"><?cs var:Form.note_date.Error ?></p><?cs /if ?>
  <input id="note_date" name="note_date" type="date" value="<?cs var:Form.note_date.Value ?>"<?cs if:Form.note_date.Error ?> aria-invalid="true" aria-describedby="note_date-error"<?cs /if ?>>
</div>
