<?cs #
  profile.cs: one client. The header and tabs are on every tab; Profile.Tab says
  which tab is open. Overview values come from Client.Fields.

  call:detail(label, value)        a dt/dd pair, "Not recorded" when empty
  call:detail_text(label, value)   the same for text that keeps its line breaks
?><?cs
def:detail(label, value) ?>
      <div class="detail">
        <dt><?cs var:label ?></dt>
        <dd><?cs if:string.length(value) > 0 ?><?cs var:value ?><?cs else ?><span class="muted">Not recorded</span><?cs /if ?></dd>
      </div><?cs
/def ?><?cs

def:detail_text(label, value) ?>
      <div class="detail detail-wide">
        <dt><?cs var:label ?></dt>
        <dd><?cs if:string.length(value) > 0 ?><p class="pre-line"><?cs var:value ?></p><?cs else ?><span class="muted">Not recorded</span><?cs /if ?></dd>
      </div><?cs
/def ?>
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/clients">Clients</a></li>
    <li aria-current="page"><?cs var:Client.Name ?></li>
  </ol>
</nav>
<section class="panel profile-header" aria-labelledby="client-name">
  <div class="profile-identity">
    <span class="avatar" aria-hidden="true"><?cs var:Client.Initials ?></span>
    <div class="profile-title">
      <h1 id="client-name"><?cs var:Client.Name ?><?cs if:string.length(Client.PreferredName) > 0 ?> <span class="preferred-name">(<?cs var:Client.PreferredName ?>)</span><?cs /if ?></h1>
      <p class="profile-status"><span class="badge badge-<?cs var:Client.Status ?>"><?cs var:Client.StatusLabel ?></span></p>
    </div>
  </div>
  <dl class="profile-facts">
    <div class="detail profile-fact-email">
      <dt>Email</dt>
      <dd><a href="mailto:<?cs var:Client.Email ?>"><?cs var:Client.Email ?></a></dd>
    </div>
    <div class="detail">
      <dt>Phone</dt>
      <dd><?cs if:string.length(Client.Phone) > 0 ?><a class="nowrap" href="tel:<?cs var:Client.PhoneE164 ?>"><?cs var:Client.Phone ?></a><?cs else ?><span class="muted">Not recorded</span><?cs /if ?></dd>
    </div>
    <div class="detail">
      <dt>Assigned staff</dt>
      <dd><?cs if:string.length(Client.StaffName) > 0 ?><?cs var:Client.StaffName ?><?cs else ?><span class="muted">Unassigned</span><?cs /if ?></dd>
    </div>
    <div class="detail">
      <dt>Joined</dt>
      <dd><?cs var:Client.Joined ?></dd>
    </div>
    <div class="detail profile-fact-portal">
      <dt>Portal</dt>
      <dd><span class="invite-state invite-<?cs var:Client.Invite.State ?>"><?cs var:Client.Invite.Label ?></span><?cs
        if:Client.Invite.State == "invited" ?> <span class="muted">(sent <?cs var:Client.Invite.Sent ?>, expires <?cs var:Client.Invite.Expires ?>)</span>
        <form class="inline-form" method="post" action="/clients/<?cs var:#Client.Id ?>/invite/revoke">
          <?cs call:csrf_field() ?>
          <button type="submit" class="button-link">Revoke</button>
        </form><?cs
        elif:Client.Invite.State == "expired" ?> <span class="muted">(expired <?cs var:Client.Invite.Expires ?>)</span><?cs /if ?></dd>
    </div>
<?cs if:subcount(Client.Tags) > 0 ?>
    <div class="detail">
      <dt>Tags</dt>
      <dd><ul class="tag-list"><?cs each:tag = Client.Tags ?><li class="tag"><?cs var:tag.Name ?></li><?cs /each ?></ul></dd>
    </div>
<?cs /if ?>
  </dl>
  <div class="profile-actions">
    <a class="button" href="/clients/<?cs var:#Client.Id ?>/edit">Edit</a>
<?cs if:Client.Status != "inactive" && Client.Invite.State != "registered" ?>
    <form class="profile-action-form" method="post" action="/clients/<?cs var:#Client.Id ?>/invite">
      <?cs call:csrf_field() ?>
      <button type="submit" class="button"><?cs if:Client.Invite.State == "none" ?>Invite to the portal<?cs else ?>Send a new invitation<?cs /if ?></button>
    </form>
<?cs /if ?>
    <details class="more-menu">
      <summary class="button">More</summary>
      <div class="more-menu-panel">
<?cs if:Client.Status == "pending" ?>
        <form method="post" action="/clients/<?cs var:#Client.Id ?>/reactivate">
          <?cs call:csrf_field() ?>
          <button type="submit" class="button-link">Activate</button>
        </form>
<?cs /if ?>
<?cs if:Client.Status == "inactive" ?>
        <form method="post" action="/clients/<?cs var:#Client.Id ?>/reactivate">
          <?cs call:csrf_field() ?>
          <button type="submit" class="button-link">Reactivate</button>
        </form>
<?cs else ?>
        <form method="post" action="/clients/<?cs var:#Client.Id ?>/deactivate">
          <?cs call:csrf_field() ?>
          <button type="submit" class="button-link">Deactivate</button>
        </form>
<?cs /if ?>
<?cs if:User.IsAdmin ?>
        <a class="danger-link" href="/clients/<?cs var:#Client.Id ?>/delete">Delete…</a>
<?cs /if ?>
      </div>
    </details>
  </div>
</section>

<nav class="record-tabs" aria-label="Client record">
  <ul>
    <li><a href="/clients/<?cs var:#Client.Id ?>"<?cs if:Profile.Tab == "overview" ?> aria-current="page"<?cs /if ?>>Overview</a></li>
    <li><a href="/clients/<?cs var:#Client.Id ?>/notes"<?cs if:Profile.Tab == "notes" ?> aria-current="page"<?cs /if ?>>Notes</a></li>
    <li><a href="/clients/<?cs var:#Client.Id ?>/tasks"<?cs if:Profile.Tab == "tasks" ?> aria-current="page"<?cs /if ?>>Tasks</a></li>
    <li><a href="/clients/<?cs var:#Client.Id ?>/files"<?cs if:Profile.Tab == "files" ?> aria-current="page"<?cs /if ?>>Files</a></li>
    <li><a href="/clients/<?cs var:#Client.Id ?>/payments"<?cs if:Profile.Tab == "payments" ?> aria-current="page"<?cs /if ?>>Payments</a></li>
  </ul>
</nav>

<?cs if:Profile.Tab == "overview" ?>
<div class="profile-sections">
  <section class="panel" aria-labelledby="personal-heading">
    <h2 id="personal-heading">Personal information</h2>
    <dl class="details">
<?cs call:detail("Preferred name", Client.Fields.preferred_name) ?>
<?cs call:detail("Email", Client.Fields.email) ?>
      <div class="detail">
        <dt>Phone</dt>
        <dd><?cs if:string.length(Client.Phone) > 0 ?><?cs var:Client.Phone ?><?cs else ?><span class="muted">Not recorded</span><?cs /if ?></dd>
      </div>
      <div class="detail">
        <dt>Date of birth</dt>
        <dd><?cs if:string.length(Client.Fields.date_of_birth) > 0 ?><?cs var:Client.Fields.date_of_birth ?><?cs if:?Client.Age ?> <span class="muted">(<?cs var:#Client.Age ?> <?cs if:Client.Age == 1 ?>year<?cs else ?>years<?cs /if ?>)</span><?cs /if ?><?cs else ?><span class="muted">Not recorded</span><?cs /if ?></dd>
      </div>
<?cs call:detail("Gender", Client.Fields.gender) ?>
<?cs call:detail("Pronouns", Client.Fields.pronouns) ?>
    </dl>
  </section>

  <section class="panel" aria-labelledby="demographics-heading">
    <h2 id="demographics-heading">Demographics</h2>
    <dl class="details">
<?cs call:detail_text("Address", Client.Fields.address) ?>
<?cs call:detail("Occupation", Client.Fields.occupation) ?>
<?cs call:detail("Employment", Client.Fields.employment_status) ?>
<?cs call:detail("Relationship status", Client.Fields.relationship_status) ?>
<?cs call:detail("Living arrangement", Client.Fields.living_arrangement) ?>
    </dl>
  </section>

  <section class="panel" aria-labelledby="emergency-heading">
    <h2 id="emergency-heading">Emergency contact</h2>
    <dl class="details">
<?cs call:detail("Name", Client.Fields.emergency_name) ?>
<?cs call:detail("Phone", Client.Fields.emergency_phone) ?>
<?cs call:detail("Relationship to the client", Client.Fields.emergency_relation) ?>
    </dl>
  </section>

  <section class="panel" aria-labelledby="tags-heading">
    <h2 id="tags-heading">Tags</h2>
<?cs if:subcount(Client.Tags) > 0 ?>
    <ul class="tag-list tag-list-editable">
<?cs each:tag = Client.Tags ?>
      <li class="tag"><?cs var:tag.Name ?>
        <form class="tag-remove-form" method="post" action="/clients/<?cs var:#Client.Id ?>/tags/<?cs var:#tag.Id ?>/remove">
          <?cs call:csrf_field() ?>
          <button type="submit" class="tag-remove" aria-label="Remove tag <?cs var:tag.Name ?>"><span aria-hidden="true">×</span></button>
        </form>
      </li>
<?cs /each ?>
    </ul>
<?cs else ?>
    <p class="muted">No tags yet. Tags group clients, for example by programme or referral source.</p>
<?cs /if ?>
    <form class="tag-add-form<?cs if:Form.name.Error ?> field-invalid<?cs /if ?>" method="post" action="/clients/<?cs var:#Client.Id ?>/tags">
      <?cs call:csrf_field() ?>
      <label for="tag-add-name">Add a tag</label><?cs
  if:Form.name.Error ?>
      <p class="field-error" id="tag-add-name-error"><?cs var:Form.name.Error ?></p><?cs
  /if ?>
      <div class="inline-control">
        <input id="tag-add-name" name="name" type="text" maxlength="64" autocomplete="off" required value="<?cs var:Form.name.Value ?>"<?cs
  if:Form.name.Error ?> aria-invalid="true" aria-describedby="tag-add-name-error"<?cs /if ?>>
        <button type="submit" class="button">Add</button>
      </div>
    </form>
  </section>

  <section class="panel profile-section-wide" aria-labelledby="diagnosis-heading">
    <h2 id="diagnosis-heading">Diagnosis</h2>
    <dl class="details">
<?cs call:detail_text("Diagnosis", Client.Fields.diagnosis) ?>
<?cs call:detail("ICD-10 codes", Client.Fields.icd10_codes) ?>
<?cs call:detail_text("Symptoms", Client.Fields.symptoms) ?>
    </dl>
  </section>
</div>
<?cs elif:Profile.Tab == "notes" ?>
<?cs include:"notes.cs" ?>
<?cs elif:Profile.Tab == "tasks" ?>
<?cs include:"tasks.cs" ?>
<?cs elif:Profile.Tab == "files" ?>
<?cs include:"files.cs" ?>
<?cs elif:Profile.Tab == "payments" ?>
<?cs include:"payments.cs" ?>
<?cs /if ?>

<?cs if:subcount(Profile.History) > 0 ?>
<section class="panel" aria-labelledby="history-heading">
  <h2 id="history-heading">Recent history</h2>
  <div class="table-scroll" role="region" aria-labelledby="history-caption" tabindex="0">
    <table class="table table-compact">
      <caption id="history-caption" class="visually-hidden">Recent history: when, who, what</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
<?cs each:entry = Profile.History ?>
        <tr>
          <td class="nowrap"><?cs var:entry.At ?></td>
          <td class="nowrap"><?cs var:entry.Actor ?></td>
          <td><code><?cs var:entry.Action ?></code></td>
          <td><?cs var:entry.Detail ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
</section>
<?cs /if ?>
