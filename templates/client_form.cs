<?cs #
  client_form.cs: the new client form (Form.Mode "new": the few fields needed to
  start) and the edit form (Form.Mode "edit": every field, in fieldsets).

  The macros of partials/field.cs only make <input>s; these make the other
  controls with the same .field structure, hint and error ids:

  call:textarea_field(name, label, maxlength, hint)
  call:suggest_field(name, label, maxlength, list)    an input with a <datalist>
  call:country_field(name, label, selected)           from Countries, "" first
?><?cs
def:textarea_field(name, label, maxlength, hint) ?>
<div class="field<?cs if:Form[name].Error ?> field-invalid<?cs /if ?>">
  <label for="<?cs var:name ?>"><?cs var:label ?></label><?cs
  if:hint ?>
  <p class="field-hint" id="<?cs var:name ?>-hint"><?cs var:hint ?></p><?cs
  /if ?><?cs
  if:Form[name].Error ?>
  <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Form[name].Error ?></p><?cs
  /if ?>
  <textarea id="<?cs var:name ?>" name="<?cs var:name ?>" rows="4" maxlength="<?cs var:maxlength ?>"<?cs
    if:Form[name].Error ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs
    elif:hint ?> aria-describedby="<?cs var:name ?>-hint"<?cs /if ?>><?cs var:Form[name].Value ?></textarea>
</div><?cs
/def ?><?cs

def:suggest_field(name, label, maxlength, list) ?>
<div class="field<?cs if:Form[name].Error ?> field-invalid<?cs /if ?>">
  <label for="<?cs var:name ?>"><?cs var:label ?></label><?cs
  if:Form[name].Error ?>
  <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Form[name].Error ?></p><?cs
  /if ?>
  <input id="<?cs var:name ?>" name="<?cs var:name ?>" type="text" value="<?cs var:Form[name].Value ?>" list="<?cs var:list ?>" autocomplete="off" maxlength="<?cs var:maxlength ?>"<?cs
    if:Form[name].Error ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs /if ?>>
</div><?cs
/def ?><?cs

def:country_field(name, label, selected) ?>
<div class="field<?cs if:Form[name].Error ?> field-invalid<?cs /if ?>">
  <label for="<?cs var:name ?>"><?cs var:label ?></label><?cs
  if:Form[name].Error ?>
  <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Form[name].Error ?></p><?cs
  /if ?>
  <select id="<?cs var:name ?>" name="<?cs var:name ?>"<?cs
    if:Form[name].Error ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs /if ?>>
    <option value="">—</option><?cs
    each:country = Countries ?>
    <option value="<?cs var:country.Code ?>"<?cs if:country.Code == selected ?> selected<?cs /if ?>><?cs var:country.Name ?></option><?cs
    /each ?>
  </select>
</div><?cs
/def ?>
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/clients">Clients</a></li>
<?cs if:Form.Mode == "edit" ?>
    <li><a href="/clients/<?cs var:#Client.Id ?>"><?cs var:Client.Name ?></a></li>
    <li aria-current="page">Edit</li>
<?cs else ?>
    <li aria-current="page">New client</li>
<?cs /if ?>
  </ol>
</nav>
<section class="panel panel-form" aria-labelledby="client-form-heading">
<?cs if:Form.Mode == "edit" ?>
  <h1 id="client-form-heading">Edit <?cs var:Client.Name ?></h1>
  <p class="lede">First name, last name and email are required; everything else is optional.</p>
<?cs else ?>
  <h1 id="client-form-heading">New client</h1>
  <p class="lede">The client is saved as Pending until they join the portal. Add the rest of
    their details from their profile afterwards.</p>
<?cs /if ?>
<?cs call:form_error() ?>
  <form class="form client-form" method="post" action="<?cs var:Form.Action ?>">
    <?cs call:csrf_field() ?>
<?cs if:Form.Mode == "edit" ?>
    <fieldset class="form-section">
      <legend>Personal</legend>
      <div class="field-pair">
<?cs call:text_field("first_name", "First name", "off", 100) ?>
<?cs call:text_field("last_name", "Last name", "off", 100) ?>
      </div>
<?cs call:input_field("preferred_name", "Preferred name", "text", "off", 100, 0, "What the client likes to be called, if not their first name.") ?>
<?cs call:email_field("email", "Email", "off") ?>
      <div class="field-pair">
<?cs call:input_field("phone", "Phone", "tel", "off", 40, 0, "With its country code (like +44), or choose the country.") ?>
<?cs call:country_field("phone_country", "Country of the phone number", Form.phone_country.Value) ?>
      </div>
<?cs call:input_field("date_of_birth", "Date of birth", "text", "off", 20, 0, "e.g. 31/12/1980 or 1980-12-31") ?>
      <div class="field-pair">
<?cs call:input_field("gender", "Gender", "text", "off", 50, 0, "") ?>
<?cs call:input_field("pronouns", "Pronouns", "text", "off", 50, 0, "") ?>
      </div>
    </fieldset>
    <fieldset class="form-section">
      <legend>Address &amp; life</legend>
<?cs call:textarea_field("address", "Address", 500, "") ?>
<?cs call:input_field("occupation", "Occupation", "text", "off", 100, 0, "") ?>
<?cs call:suggest_field("employment_status", "Employment status", 50, "employment-suggestions") ?>
<?cs call:suggest_field("relationship_status", "Relationship status", 50, "relationship-suggestions") ?>
<?cs call:suggest_field("living_arrangement", "Living arrangement", 100, "living-suggestions") ?>
      <datalist id="employment-suggestions">
        <option value="Employed full-time"></option>
        <option value="Employed part-time"></option>
        <option value="Self-employed"></option>
        <option value="Unemployed"></option>
        <option value="Student"></option>
        <option value="Retired"></option>
        <option value="Unable to work"></option>
      </datalist>
      <datalist id="relationship-suggestions">
        <option value="Single"></option>
        <option value="In a relationship"></option>
        <option value="Married"></option>
        <option value="Civil partnership"></option>
        <option value="Separated"></option>
        <option value="Divorced"></option>
        <option value="Widowed"></option>
      </datalist>
      <datalist id="living-suggestions">
        <option value="Alone"></option>
        <option value="With partner"></option>
        <option value="With family"></option>
        <option value="With others"></option>
        <option value="Supported housing"></option>
      </datalist>
    </fieldset>
    <fieldset class="form-section">
      <legend>Emergency contact</legend>
<?cs call:input_field("emergency_name", "Name", "text", "off", 200, 0, "") ?>
      <div class="field-pair">
<?cs call:input_field("emergency_phone", "Phone", "tel", "off", 40, 0, "With its country code (like +44), or choose the country.") ?>
<?cs if:string.length(Form.emergency_country.Value) > 0 ?><?cs
  call:country_field("emergency_country", "Country of the phone number", Form.emergency_country.Value) ?><?cs
else ?><?cs
  call:country_field("emergency_country", "Country of the phone number", Form.phone_country.Value) ?><?cs
/if ?>
      </div>
<?cs call:input_field("emergency_relation", "Relationship to the client", "text", "off", 100, 0, "") ?>
    </fieldset>
    <fieldset class="form-section">
      <legend>Clinical</legend>
<?cs call:textarea_field("diagnosis", "Diagnosis", 5000, "") ?>
<?cs call:input_field("icd10_codes", "ICD-10 codes", "text", "off", 255, 0, "Comma-separated, e.g. F41.1, F32.0") ?>
<?cs call:textarea_field("symptoms", "Symptoms", 5000, "") ?>
    </fieldset>
<?cs else ?>
    <div class="field-pair">
<?cs call:text_field("first_name", "First name", "off", 100) ?>
<?cs call:text_field("last_name", "Last name", "off", 100) ?>
    </div>
<?cs call:email_field("email", "Email", "off") ?>
    <div class="field-pair">
<?cs call:input_field("phone", "Phone", "tel", "off", 40, 0, "Optional. With its country code (like +44), or choose the country.") ?>
<?cs call:country_field("phone_country", "Country of the phone number", Form.phone_country.Value) ?>
    </div>
<?cs /if ?>
<?cs if:Form.StaffEditable ?>
<?cs if:Form.Mode == "edit" ?>
    <fieldset class="form-section">
      <legend>Care team</legend>
<?cs /if ?>
    <div class="field<?cs if:Form.staff_id.Error ?> field-invalid<?cs /if ?>">
      <label for="staff_id">Assigned staff</label>
      <p class="field-hint" id="staff_id-hint">Clinicians see only the clients assigned to them.</p><?cs
      if:Form.staff_id.Error ?>
      <p class="field-error" id="staff_id-error"><?cs var:Form.staff_id.Error ?></p><?cs
      /if ?>
      <select id="staff_id" name="staff_id"<?cs
        if:Form.staff_id.Error ?> aria-invalid="true" aria-describedby="staff_id-error"<?cs
        else ?> aria-describedby="staff_id-hint"<?cs /if ?>>
        <option value="0">Unassigned</option>
<?cs each:staff = StaffOptions ?>
        <option value="<?cs var:#staff.Id ?>"<?cs if:staff.Selected ?> selected<?cs /if ?>><?cs var:staff.Name ?><?cs if:staff.Role == "admin" ?> (Administrator)<?cs elif:staff.Role == "clinician" ?> (Clinician)<?cs /if ?></option>
<?cs /each ?>
      </select>
    </div>
<?cs if:Form.Mode == "edit" ?>
    </fieldset>
<?cs /if ?>
<?cs /if ?>
    <div class="form-actions">
<?cs if:Form.Mode == "edit" ?>
      <button type="submit" class="button button-primary">Save changes</button>
      <a class="button" href="/clients/<?cs var:#Client.Id ?>">Cancel</a>
<?cs else ?>
      <button type="submit" class="button button-primary">Add client</button>
      <a class="button" href="/clients">Cancel</a>
<?cs /if ?>
    </div>
  </form>
</section>
