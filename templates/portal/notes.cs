<?cs # portal/notes.cs: the client's notes in the portal: what staff shared and their own
  reflections; the same parts as the profile's Notes tab, by Notes.View. ?>
<h1 class="portal-page-title">Notes</h1>
<?cs include:"notes.cs" ?>
