<section class="panel" aria-labelledby="home-heading">
  <h1 id="home-heading">Welcome to <?cs var:Practice.Name ?></h1>
  <p class="signed-in-as">Signed in as <strong><?cs var:User.Name ?></strong>.</p>
  <p>Your practice's client records start in the <a href="/clients">client directory</a>:
    search it, <a href="/clients/new">add a client</a>, or open a profile. Notes, tasks,
    files and payments on each profile are on their way and will appear there as they are
    ready.</p>
<?cs if:?Home.StaffCount ?>
  <dl class="facts">
    <div class="fact">
      <dt>Staff</dt>
      <dd><?cs var:#Home.StaffCount ?> active staff <?cs if:Home.StaffCount == 1 ?>account<?cs else ?>accounts<?cs /if ?></dd>
    </div>
  </dl>
<?cs /if ?>
</section>
<section class="panel" aria-labelledby="account-heading">
  <h2 id="account-heading">Your account</h2>
  <ul class="link-list">
    <li><a href="/account/password">Change your password</a></li>
<?cs if:User.IsAdmin ?>
    <li><a href="/admin/audit">Review the audit log</a> of sign-ins and changes</li>
<?cs /if ?>
  </ul>
</section>
