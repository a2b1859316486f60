<?cs #
  settings.cs: the practice's settings. select_setting(name, label, hint, options)
  draws a <select> of options.N.Value / .Label with Form.<name> as the choice.
?><?cs
def:select_setting(name, label, hint, options) ?>
<div class="field<?cs if:Form[name].Error ?> field-invalid<?cs /if ?>">
  <label for="<?cs var:name ?>"><?cs var:label ?></label><?cs
  if:hint ?>
  <p class="field-hint" id="<?cs var:name ?>-hint"><?cs var:hint ?></p><?cs
  /if ?><?cs
  if:Form[name].Error ?>
  <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Form[name].Error ?></p><?cs
  /if ?>
  <select id="<?cs var:name ?>" name="<?cs var:name ?>"<?cs
    if:Form[name].Error ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs
    elif:hint ?> aria-describedby="<?cs var:name ?>-hint"<?cs /if ?>><?cs
  each:option = options ?>
    <option value="<?cs var:option.Value ?>"<?cs if:option.Value == Form[name].Value ?> selected<?cs /if ?>><?cs var:option.Label ?></option><?cs
  /each ?>
  </select>
</div><?cs
/def ?>
<section class="panel" aria-labelledby="settings-heading">
  <h1 id="settings-heading">Practice settings</h1>
  <p class="lede">How Casebook names and shows your practice, for everyone who uses it.</p>
<?cs call:form_error() ?>
  <form class="form" method="post" action="/admin/settings" enctype="multipart/form-data">
    <?cs call:csrf_field() ?>
    <fieldset class="settings-group">
      <legend>Your practice</legend>
<?cs call:input_field("name", "Practice name", "text", "organization", 200, 0, "Shown at the top of every page and on the sign-in page. Leave it empty to use the name in the configuration file.") ?>
      <div class="field<?cs if:Form.logo.Error ?> field-invalid<?cs /if ?>">
        <label for="logo">Logo</label>
        <p class="field-hint" id="logo-hint">A PNG, JPEG, GIF or WebP image of at most <?cs var:Settings.LogoMaxMegabytes ?> MB, shown next to the name.<?cs if:Settings.HasLogo ?> Choosing a file replaces the current logo.<?cs /if ?></p><?cs
  if:Form.logo.Error ?>
        <p class="field-error" id="logo-error"><?cs var:Form.logo.Error ?></p><?cs
  /if ?>
        <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/gif,image/webp"<?cs
    if:Form.logo.Error ?> aria-invalid="true" aria-describedby="logo-error"<?cs
    else ?> aria-describedby="logo-hint"<?cs /if ?>>
      </div>
<?cs call:input_field("base_url", "Portal address", "url", "url", 255, 0, "The address of this site, used in links in e-mails, like https://records.example.org.") ?>
    </fieldset>
    <fieldset class="settings-group">
      <legend>Dates, phones and money</legend>
<?cs call:select_setting("time_zone", "Time zone", "Every date and time is shown in this zone.", Zones) ?>
<?cs call:select_setting("date_order", "Date format", "", DateOrders) ?>
<?cs call:select_setting("phone_country", "Default phone country", "Phone numbers typed without a country code are read as numbers of this country.", Countries) ?>
<?cs call:select_setting("currency", "Currency", "", Currencies) ?>
    </fieldset>
    <fieldset class="settings-group">
      <legend>Client portal</legend>
<?cs call:select_setting("self_registration", "Registering on the portal", "Whether people can register on their own at /portal/register, and what they become.", Registrations) ?>
<?cs call:select_setting("email_verification", "E-mail confirmation", "With confirmation off, an address no client has gets in without opening an e-mail; an address a client already has must still be confirmed.", Verifications) ?>
    </fieldset>
    <fieldset class="settings-group">
      <legend>Tags</legend>
<?cs call:select_setting("clinician_tags", "Clinicians may create tags", "Tags are shared by the whole practice. Clinicians can always add an existing tag to their clients; with this on, typing a new name creates the tag.", ClinicianTags) ?>
    </fieldset>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Save settings</button>
    </div>
  </form>
</section>
<?cs if:Settings.HasLogo ?>
<section class="panel" aria-labelledby="logo-heading">
  <h2 id="logo-heading">Current logo</h2>
  <p class="settings-logo"><img src="/practice/logo" alt="The current logo" height="64"></p>
  <form class="form" method="post" action="/admin/settings/logo/remove">
    <?cs call:csrf_field() ?>
    <button type="submit" class="button button-danger">Remove logo</button>
  </form>
</section>
<?cs /if ?>
