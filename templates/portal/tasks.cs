<?cs # portal/tasks.cs: the client's tasks in the portal: homework from the practice and their
  own to-dos, marked done here. ?>
<h1 class="portal-page-title">Tasks</h1>
<?cs include:"partials/tasks_lists.cs" ?>
