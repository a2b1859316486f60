<?cs # tasks.cs: the Tasks tab of a client's profile (included by profile.cs). ?>
<?cs include:"partials/tasks_lists.cs" ?>
