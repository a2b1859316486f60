<?cs # partials/notes_list.cs: search, the notes newest first (Notes.List) with the pager,
  and the form for a new note. Staff and portal alike: links start at Notes.Base. ?>
<section class="panel" aria-labelledby="notes-heading">
  <h2 id="notes-heading"><?cs if:Notes.Portal ?>Notes and reflections<?cs else ?>Notes<?cs /if ?></h2>
  <form class="notes-search" method="get" action="<?cs var:Notes.Base ?>" role="search">
    <label for="notes-q">Search notes</label>
    <div class="inline-control">
      <input id="notes-q" name="q" type="search" maxlength="200" value="<?cs var:Notes.Q ?>">
      <button type="submit" class="button">Search</button>
    </div>
  </form>
<?cs if:subcount(Notes.List) > 0 ?>
  <ul class="note-list">
<?cs each:note = Notes.List ?>
    <li class="note-item">
      <a class="note-title" href="<?cs var:note.Url ?>"><?cs var:note.Title ?></a>
      <span class="note-meta"><?cs var:note.Date ?> · <?cs var:note.Author ?><?cs if:note.Comments > 0 ?> · <?cs var:#note.Comments ?> <?cs if:note.Comments == 1 ?>comment<?cs else ?>comments<?cs /if ?><?cs /if ?></span>
      <span class="note-badges"><?cs if:note.Shared == "1" ?><span class="badge badge-active">Shared</span><?cs else ?><span class="badge badge-pending">Private</span><?cs /if ?><?cs
        if:note.SeenAt && !Notes.Portal ?> <span class="badge badge-seen">Seen by client</span><?cs /if ?></span>
    </li>
<?cs /each ?>
  </ul>
<?cs call:pager(Notes.Pager, "Pages of notes", "note", "notes") ?>
<?cs elif:Notes.Q ?>
  <p class="empty">No note matches “<?cs var:Notes.Q ?>”. <a href="<?cs var:Notes.Base ?>">Show all notes</a></p>
<?cs elif:Notes.Portal ?>
  <p class="empty">No notes yet. Notes your practitioner shares appear here, and you can write your own below.</p>
<?cs else ?>
  <p class="empty">No notes yet.</p>
<?cs /if ?>
</section>
<section class="panel" aria-labelledby="note-new-heading">
  <h2 id="note-new-heading"><?cs if:Notes.Portal ?>Write a reflection<?cs else ?>New note<?cs /if ?></h2>
  <form class="note-form" method="post" action="<?cs var:Notes.Base ?>">
    <?cs call:csrf_field() ?>
    <?cs call:form_error() ?>
<?cs include:"partials/note_fields.cs" ?>
    <div class="field field-checkbox">
      <input id="shared" name="shared" type="checkbox" value="1"<?cs if:Form.shared.Value == "1" ?> checked<?cs /if ?>>
      <label for="shared"><?cs if:Notes.Portal ?>Share with my practitioner<?cs else ?>Share with the client (shown in their portal)<?cs /if ?></label>
    </div>
    <p class="field-hint"><?cs if:Notes.Portal ?>Unless you share it, only you can read this note.<?cs else ?>Unless shared, the note is private to staff who may see this client.<?cs /if ?></p>
    <button type="submit" class="button button-primary">Save note</button>
  </form>
</section>
