<section class="panel" aria-labelledby="staff-heading">
  <h1 id="staff-heading">Staff</h1>
  <p class="lede">Everyone who can sign in to <?cs var:Practice.Name ?>. Deactivating a member signs them out at once and leaves their clients unassigned.</p>
  <div class="table-scroll" role="region" aria-labelledby="staff-caption" tabindex="0">
    <table class="table staff-table">
      <caption id="staff-caption"><?cs var:#Staff.Count ?> team <?cs if:Staff.Count == 1 ?>member<?cs else ?>members<?cs /if ?></caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col" class="number">Clients</th>
          <th scope="col">Last sign-in</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
<?cs each:member = Staff.Members ?>
        <tr>
          <th scope="row"><?cs var:member.Name ?><?cs if:member.IsSelf ?> <span class="muted">(you)</span><?cs /if ?></th>
          <td><?cs var:member.Email ?></td>
          <td><?cs var:member.RoleLabel ?></td>
          <td><?cs if:member.Active ?><span class="badge badge-active">Active</span><?cs else ?><span class="badge badge-inactive">Deactivated</span><?cs /if ?></td>
          <td class="number"><?cs if:member.Clients > 0 ?><a href="<?cs var:member.ClientsUrl ?>"><?cs var:member.Clients ?></a><?cs else ?>0<?cs /if ?></td>
          <td class="nowrap"><?cs if:member.LastSignIn ?><?cs var:member.LastSignIn ?><?cs else ?><span class="muted">Never</span><?cs /if ?></td>
          <td>
            <div class="staff-actions">
              <form class="inline-form" method="post" action="/admin/staff/<?cs var:member.Id ?>/role">
                <?cs call:csrf_field() ?>
                <label class="visually-hidden" for="role-<?cs var:member.Id ?>">Role of <?cs var:member.Name ?></label>
                <select id="role-<?cs var:member.Id ?>" name="role">
<?cs each:role = Roles ?>
                  <option value="<?cs var:role.Key ?>"<?cs if:role.Key == member.Role ?> selected<?cs /if ?>><?cs var:role.Label ?></option>
<?cs /each ?>
                </select>
                <button type="submit" class="button">Change role</button>
              </form>
<?cs if:member.Active ?><?cs if:!member.IsSelf ?>
              <form class="inline-form" method="post" action="/admin/staff/<?cs var:member.Id ?>/deactivate">
                <?cs call:csrf_field() ?>
                <button type="submit" class="button button-danger">Deactivate<span class="visually-hidden"> <?cs var:member.Name ?></span></button>
              </form>
<?cs /if ?><?cs else ?>
              <form class="inline-form" method="post" action="/admin/staff/<?cs var:member.Id ?>/reactivate">
                <?cs call:csrf_field() ?>
                <button type="submit" class="button">Reactivate<span class="visually-hidden"> <?cs var:member.Name ?></span></button>
              </form>
<?cs /if ?>
            </div>
          </td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
</section>
<section class="panel" aria-labelledby="staff-add-heading">
  <h2 id="staff-add-heading">Add a team member</h2>
  <p class="lede">A temporary password is made for the new account and shown to you once.</p>
<?cs call:form_error() ?>
  <form class="form" method="post" action="/admin/staff">
    <?cs call:csrf_field() ?>
<?cs call:text_field("name", "Name", "off", 200) ?>
<?cs call:input_field("email", "Email", "email", "off", 254, 1, "They sign in with this address.") ?>
    <div class="field<?cs if:Form.role.Error ?> field-invalid<?cs /if ?>">
      <label for="role">Role</label>
      <p class="field-hint" id="role-hint">Administrators also manage staff, tags, settings and the audit log.</p><?cs
  if:Form.role.Error ?>
      <p class="field-error" id="role-error"><?cs var:Form.role.Error ?></p><?cs
  /if ?>
      <select id="role" name="role"<?cs if:Form.role.Error ?> aria-invalid="true" aria-describedby="role-error"<?cs else ?> aria-describedby="role-hint"<?cs /if ?>>
<?cs each:role = Roles ?>
        <option value="<?cs var:role.Key ?>"<?cs if:role.Key == Form.role.Value ?> selected<?cs /if ?>><?cs var:role.Label ?></option>
<?cs /each ?>
      </select>
    </div>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Add team member</button>
    </div>
  </form>
</section>
