<?cs # notes.cs: the Notes tab of a client's profile (included by profile.cs): the list, one
  note, its edit form or its delete confirmation, by Notes.View. ?>
<?cs if:Notes.View == "note" ?>
<?cs include:"partials/note.cs" ?>
<?cs elif:Notes.View == "edit" ?>
<?cs include:"partials/note_edit.cs" ?>
<?cs elif:Notes.View == "delete" ?>
<?cs include:"partials/note_delete.cs" ?>
<?cs else ?>
<?cs include:"partials/notes_list.cs" ?>
<?cs /if ?>
