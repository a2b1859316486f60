<!doctype html>
<?cs include:"partials/field.cs" ?>
<?cs include:"partials/pager.cs" ?>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs if:Page.Title ?><?cs var:Page.Title ?> · <?cs /if ?><?cs var:Practice.Name ?></title>
<link rel="stylesheet" href="/static/casebook.css?v=<?cs var:Static.Version ?>">
<link rel="icon" href="/static/favicon.svg?v=<?cs var:Static.Version ?>" type="image/svg+xml">
<script src="/static/casebook.js?v=<?cs var:Static.Version ?>" defer></script>
</head>
<body class="portal">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="site-header-inner">
    <a class="site-name" href="/portal"><?cs if:Practice.HasLogo ?><img class="site-logo" src="/practice/logo" alt="" height="32"><?cs /if ?><?cs var:Practice.Name ?></a>
<?cs if:Portal.Client.Id ?>
    <div class="account">
      <span class="account-name"><?cs var:Portal.Client.Name ?></span>
      <form class="signout-form" method="post" action="/portal/logout">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <button type="submit" class="button-link">Sign out</button>
      </form>
    </div>
<?cs /if ?>
  </div>
<?cs if:Portal.Client.Id ?>
  <nav class="site-nav" aria-label="Portal">
    <ul class="nav-list">
      <li><a href="/portal"<?cs if:Request.Path == "/portal" ?> aria-current="page"<?cs /if ?>>Home</a></li>
      <li><a href="/portal/notes"<?cs if:string.slice(Request.Path, 0, 13) == "/portal/notes" ?> aria-current="page"<?cs /if ?>>Notes</a></li>
      <li><a href="/portal/tasks"<?cs if:Request.Path == "/portal/tasks" ?> aria-current="page"<?cs /if ?>>Tasks</a></li>
      <li><a href="/portal/files"<?cs if:Request.Path == "/portal/files" ?> aria-current="page"<?cs /if ?>>Files</a></li>
      <li><a href="/portal/payments"<?cs if:Request.Path == "/portal/payments" ?> aria-current="page"<?cs /if ?>>Payments</a></li>
      <li><a href="/portal/password"<?cs if:Request.Path == "/portal/password" ?> aria-current="page"<?cs /if ?>>Change password</a></li>
    </ul>
  </nav>
<?cs /if ?>
</header>
<main id="main" tabindex="-1">
<?cs include:"partials/flash.cs" ?>
<?cs include:Page.Template ?>
</main>
<footer class="site-footer">
  <p><?cs var:Practice.Name ?> · client portal</p>
</footer>
</body>
</html>
