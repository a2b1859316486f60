<?cs # portal/payments.cs: the client's own sessions, payments and balance ?>
<section class="panel" aria-labelledby="payments-heading">
  <h1 id="payments-heading">Payments</h1>
  <p class="lede">Your sessions and what has been paid for them.</p>
<?cs include:"partials/payment_summary.cs" ?>
</section>
