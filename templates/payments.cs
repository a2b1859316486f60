<?cs #
  payments.cs: the Payments tab of a client's profile (included by profile.cs): totals, the
  timeline picture, the sessions and the payment entries, and the forms to record a session,
  a payment or a refund.
?><?cs
def:choice_select(name, label, choices) ?>
      <div class="field<?cs if:Form[name].Error ?> field-invalid<?cs /if ?>">
        <label for="<?cs var:name ?>"><?cs var:label ?></label><?cs
        if:Form[name].Error ?>
        <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Form[name].Error ?></p><?cs /if ?>
        <select id="<?cs var:name ?>" name="<?cs var:name ?>"><?cs
        each:c = choices ?>
          <option value="<?cs var:c.Value ?>"<?cs if:Form[name].Value == c.Value ?> selected<?cs /if ?>><?cs var:c.Label ?></option><?cs
        /each ?>
        </select>
      </div><?cs
/def ?>
<section class="panel" aria-labelledby="tab-heading">
  <h2 id="tab-heading">Payments</h2>
<?cs include:"partials/payment_summary.cs" ?>
<?cs if:subcount(Sessions) > 0 ?>
  <p><a class="button" href="/clients/<?cs var:#Client.Id ?>/payments.csv">Export as CSV</a></p>
<?cs /if ?>
</section>

<section class="panel" aria-labelledby="sessions-heading">
  <h2 id="sessions-heading">Record a session</h2>
<?cs call:form_error() ?>
  <form class="form form-grid" method="post" action="/clients/<?cs var:#Client.Id ?>/sessions">
    <?cs call:csrf_field() ?>
<?cs call:input_field("held_on", "Date", "date", "off", 0, 1, "") ?>
<?cs call:input_field("start_time", "Start time", "time", "off", 0, 1, "") ?>
<?cs call:input_field("minutes", "Length in minutes", "number", "off", 0, 1, "") ?>
<?cs call:choice_select("session_kind", "Type", Choices.Kinds) ?>
<?cs call:input_field("fee", "Fee (" + Payments.Currency + ")", "text", "off", 20, 1, "") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Record session</button>
    </div>
  </form>
</section>

<?cs if:subcount(Sessions) > 0 ?>
<section class="panel" aria-labelledby="payment-form-heading">
  <h2 id="payment-form-heading">Record a payment or refund</h2><?cs
  if:PaymentForm.Error ?>
  <div class="form-error" role="alert"><?cs var:PaymentForm.Error ?></div><?cs /if ?>
  <form class="form form-grid" method="post" action="/clients/<?cs var:#Client.Id ?>/payments">
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Form.appointment_id.Error ?> field-invalid<?cs /if ?>">
      <label for="appointment_id">Session</label><?cs
      if:Form.appointment_id.Error ?>
      <p class="field-error" id="appointment_id-error"><?cs var:Form.appointment_id.Error ?></p><?cs /if ?>
      <select id="appointment_id" name="appointment_id"><?cs
      each:s = Sessions ?>
        <option value="<?cs var:#s.Id ?>"<?cs if:Form.appointment_id.Value == s.Id ?> selected<?cs /if ?>><?cs var:s.Date ?> <?cs var:s.Time ?> · <?cs var:s.Kind ?> · <?cs var:s.Fee ?> (<?cs var:s.StateLabel ?>)</option><?cs
      /each ?>
      </select>
    </div>
    <div class="field">
      <label for="payment_kind">Entry</label>
      <select id="payment_kind" name="payment_kind">
        <option value="payment"<?cs if:Form.payment_kind.Value != "refund" ?> selected<?cs /if ?>>Payment</option>
        <option value="refund"<?cs if:Form.payment_kind.Value == "refund" ?> selected<?cs /if ?>>Refund</option>
      </select>
    </div>
<?cs call:choice_select("state", "State (payments)", Choices.States) ?>
<?cs call:input_field("amount", "Amount (" + Payments.Currency + ")", "text", "off", 20, 1, "") ?>
<?cs call:choice_select("method", "Method", Choices.Methods) ?>
<?cs call:input_field("paid_on", "Date", "date", "off", 0, 1, "") ?>
<?cs call:input_field("reference", "Reference", "text", "off", 100, 0, "") ?>
<?cs call:input_field("note", "Note", "text", "off", 500, 0, "") ?>
    <div class="form-actions">
      <button type="submit" class="button button-primary">Record</button>
    </div>
  </form>
</section>
<?cs /if ?>
