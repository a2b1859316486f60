<!doctype html>
<?cs include:"partials/field.cs" ?><?cs include:"partials/pager.cs" ?>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<?cs if:Page.Refresh ?><meta http-equiv="refresh" content="<?cs var:Page.Refresh ?>"><?cs /if ?>
<title><?cs if:Page.Title ?><?cs var:Page.Title ?> · <?cs /if ?><?cs var:Practice.Name ?></title>
<link rel="stylesheet" href="/static/casebook.css?v=<?cs var:Static.Version ?>">
<link rel="icon" href="/static/favicon.svg?v=<?cs var:Static.Version ?>" type="image/svg+xml">
<script src="/static/casebook.js?v=<?cs var:Static.Version ?>" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="site-header-inner">
    <a class="site-name" href="/"><?cs if:Practice.HasLogo ?><img class="site-logo" src="/practice/logo" alt="" height="32"><?cs /if ?><?cs var:Practice.Name ?></a>
<?cs if:User.Id ?>
    <div class="account">
      <span class="account-name"><?cs var:User.Name ?></span>
      <span class="account-role"><?cs if:User.Role == "admin" ?>Administrator<?cs elif:User.Role == "clinician" ?>Clinician<?cs else ?><?cs var:User.Role ?><?cs /if ?></span>
      <form class="signout-form" method="post" action="/logout">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <button type="submit" class="button-link">Sign out</button>
      </form>
    </div>
<?cs /if ?>
  </div>
<?cs if:User.Id ?>
  <nav class="site-nav" aria-label="Main">
    <ul class="nav-list">
      <li><a href="/"<?cs if:Request.Path == "/" ?> aria-current="page"<?cs /if ?>>Home</a></li>
      <li><a href="/clients"<?cs if:Request.Path == "/clients" ?> aria-current="page"<?cs elif:string.slice(Request.Path, 0, 9) == "/clients/" ?> aria-current="true"<?cs /if ?>>Clients</a></li>
<?cs if:User.IsAdmin ?>
      <li><a href="/admin/audit"<?cs if:Request.Path == "/admin/audit" ?> aria-current="page"<?cs /if ?>>Audit log</a></li>
      <li><a href="/admin/staff"<?cs if:Request.Path == "/admin/staff" ?> aria-current="page"<?cs elif:string.slice(Request.Path, 0, 13) == "/admin/staff/" ?> aria-current="true"<?cs /if ?>>Staff</a></li>
      <li><a href="/admin/tags"<?cs if:Request.Path == "/admin/tags" ?> aria-current="page"<?cs elif:string.slice(Request.Path, 0, 12) == "/admin/tags/" ?> aria-current="true"<?cs /if ?>>Tags</a></li>
      <li><a href="/admin/settings"<?cs if:Request.Path == "/admin/settings" ?> aria-current="page"<?cs elif:string.slice(Request.Path, 0, 16) == "/admin/settings/" ?> aria-current="true"<?cs /if ?>>Settings</a></li>
      <li><a href="/admin/jobs"<?cs if:Request.Path == "/admin/jobs" ?> aria-current="page"<?cs elif:string.slice(Request.Path, 0, 12) == "/admin/jobs/" ?> aria-current="true"<?cs /if ?>>Jobs</a></li>
<?cs /if ?>
      <li><a href="/account/password"<?cs if:Request.Path == "/account/password" ?> aria-current="page"<?cs /if ?>>Change password</a></li>
    </ul>
  </nav>
<?cs /if ?>
</header>
<main id="main" tabindex="-1"<?cs if:Page.Wide ?> class="main-wide"<?cs /if ?>>
<?cs include:"partials/flash.cs" ?>
<?cs include:Page.Template ?>
</main>
<footer class="site-footer">
  <p><?cs var:Practice.Name ?> · Casebook client records</p>
</footer>
</body>
</html>
