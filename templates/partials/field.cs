<?cs #
  partials/field.cs: form macros shared by every page. layout.cs includes this
  file once, before the page template, so pages call the macros without
  including it (a second include is a "Duplicate macro def" parse error).

  Each field reads Form.<name>.Value and Form.<name>.Error. Arguments are
  positional and all required: pass "" for an unused text and 0 or 1 for a
  flag. Every argument is escaped when printed. maxlength (0 for none) is for
  the types HTML allows it on: text, email, password, search, tel and url.

  call:input_field(name, label, type, autocomplete, maxlength, required, hint)
  call:text_field(name, label, autocomplete, maxlength)      required text
  call:email_field(name, label, autocomplete)                required, max 254
  call:password_field(name, label, autocomplete, hint)       required, max 256;
                                                             never shows a value
  call:csrf_field()     the hidden csrf_token input, from Csrf
  call:form_error()     Form.Error as an alert, when set

  Newlines sit inside the tags so the macros print no blank lines.
?><?cs
def:input_field(name, label, type, autocomplete, maxlength, required, hint) ?>
<div class="field<?cs if:Form[name].Error ?> field-invalid<?cs /if ?>">
  <label for="<?cs var:name ?>"><?cs var:label ?></label><?cs
  if:hint ?>
  <p class="field-hint" id="<?cs var:name ?>-hint"><?cs var:hint ?></p><?cs
  /if ?><?cs
  if:Form[name].Error ?>
  <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Form[name].Error ?></p><?cs
  /if ?>
  <input id="<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>"<?cs
    if:type != "password" ?> value="<?cs var:Form[name].Value ?>"<?cs /if ?><?cs
    if:type == "email" ?> spellcheck="false" autocapitalize="none"<?cs /if ?><?cs
    if:autocomplete ?> autocomplete="<?cs var:autocomplete ?>"<?cs /if ?><?cs
    if:maxlength ?> maxlength="<?cs var:maxlength ?>"<?cs /if ?><?cs
    if:required ?> required<?cs /if ?><?cs
    if:Form[name].Error ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs
    elif:hint ?> aria-describedby="<?cs var:name ?>-hint"<?cs /if ?>>
</div><?cs
/def ?><?cs

def:text_field(name, label, autocomplete, maxlength) ?><?cs
  call:input_field(name, label, "text", autocomplete, maxlength, 1, "") ?><?cs
/def ?><?cs

def:email_field(name, label, autocomplete) ?><?cs
  call:input_field(name, label, "email", autocomplete, 254, 1, "") ?><?cs
/def ?><?cs

def:password_field(name, label, autocomplete, hint) ?><?cs
  call:input_field(name, label, "password", autocomplete, 256, 1, hint) ?><?cs
/def ?><?cs

def:csrf_field() ?><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><?cs
/def ?><?cs

def:form_error() ?><?cs
  if:Form.Error ?>
  <div class="form-error" role="alert"><?cs var:Form.Error ?></div><?cs
  /if ?><?cs
/def ?>
