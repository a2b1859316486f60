<?cs #
  partials/payment_summary.cs: the payment timeline of one client, for staff (payments.cs)
  and for the client (portal/payments.cs): totals, the picture (an inline SVG drawn from the
  positions the program computed, no script), the sessions and the entries.  The staff page
  also gets "Mark paid" on requested and failed payments (Entries.N.CanMarkPaid).
?>
  <dl class="payment-totals">
    <div class="detail"><dt>Billed</dt><dd id="total-billed"><?cs var:Totals.Billed ?> <?cs var:Payments.Currency ?></dd></div>
    <div class="detail"><dt>Paid</dt><dd id="total-paid"><?cs var:Totals.Paid ?> <?cs var:Payments.Currency ?></dd></div>
    <div class="detail"><dt>Outstanding balance</dt><dd id="total-outstanding"<?cs if:Totals.Owing ?> class="balance-owing"<?cs /if ?>><?cs var:Totals.Outstanding ?> <?cs var:Payments.Currency ?></dd></div>
  </dl>
<?cs if:subcount(Sessions) > 0 ?>
  <figure class="timeline">
    <svg class="timeline-svg" role="img" aria-labelledby="timeline-title" viewBox="0 0 <?cs var:#Timeline.Width ?> <?cs var:#Timeline.Height ?>" width="100%" xmlns="http://www.w3.org/2000/svg">
      <title id="timeline-title">Sessions and payments from <?cs var:Timeline.FirstDate ?> to <?cs var:Timeline.LastDate ?>; outstanding balance <?cs var:Totals.Outstanding ?> <?cs var:Payments.Currency ?></title>
      <line x1="<?cs var:#Timeline.Left ?>" y1="<?cs var:#Timeline.AxisY ?>" x2="<?cs var:#Timeline.Right ?>" y2="<?cs var:#Timeline.AxisY ?>" stroke="#98a2b3" stroke-width="1"/>
      <polyline class="timeline-balance" points="<?cs var:Timeline.BalanceLine ?>" fill="none" stroke="#b42318" stroke-width="2" stroke-linejoin="round"/>
      <text x="<?cs var:#Timeline.Left ?>" y="<?cs var:#Timeline.TopY ?>" font-size="11" fill="#475467">Balance (highest <?cs var:Timeline.Top ?> <?cs var:Payments.Currency ?>)</text>
<?cs each:s = Timeline.Sessions ?>
      <circle class="timeline-session" cx="<?cs var:#s.X ?>" cy="<?cs var:#Timeline.AxisY ?>" r="7" fill="<?cs var:s.Colour ?>" stroke="#ffffff" stroke-width="2"><title>Session <?cs var:s.Date ?>: <?cs var:s.Fee ?> <?cs var:Payments.Currency ?>, <?cs var:s.State ?></title></circle>
<?cs /each ?>
<?cs each:p = Timeline.Payments ?>
      <polygon class="timeline-<?cs var:p.Kind ?>" points="<?cs var:#p.X ?>,<?cs var:#Timeline.AxisY + 4 ?> <?cs var:#p.X1 ?>,<?cs var:#Timeline.AxisY + 14 ?> <?cs var:#p.X0 ?>,<?cs var:#Timeline.AxisY + 14 ?>" fill="<?cs if:p.Kind == "payment" ?>#067647<?cs elif:p.Kind == "refund" ?>#5d6b82<?cs else ?>#b54708<?cs /if ?>"><title><?cs if:p.Kind == "refund" ?>Refund<?cs elif:p.Kind == "payment" ?>Payment<?cs else ?>Pending or failed payment<?cs /if ?> <?cs var:p.Date ?>: <?cs var:p.Amount ?> <?cs var:Payments.Currency ?></title></polygon>
<?cs /each ?>
      <text x="<?cs var:#Timeline.Left ?>" y="<?cs var:#Timeline.LabelY ?>" font-size="12" fill="#475467"><?cs var:Timeline.FirstDate ?></text>
      <text x="<?cs var:#Timeline.Right ?>" y="<?cs var:#Timeline.LabelY ?>" font-size="12" fill="#475467" text-anchor="end"><?cs var:Timeline.LastDate ?></text>
    </svg>
    <figcaption class="muted">Circles: sessions (green paid, amber requested or part paid, red unpaid or failed, grey refunded). Triangles: payments and refunds. Red line: the outstanding balance over time.</figcaption>
  </figure>
  <?cs if:Portal.Client.Id ?><h2>Sessions</h2><?cs else ?><h3>Sessions</h3><?cs /if ?>
  <div class="table-scroll" role="region" aria-label="Sessions" tabindex="0">
    <table class="table sessions-table">
      <thead>
        <tr><th scope="col">Date</th><th scope="col">Time</th><th scope="col">Length</th><th scope="col">Type</th><th scope="col">Fee</th><th scope="col">Paid</th><th scope="col">State</th></tr>
      </thead>
      <tbody>
<?cs each:s = Sessions ?>
        <tr>
          <td class="nowrap"><?cs var:s.Date ?></td>
          <td><?cs var:s.Time ?></td>
          <td class="nowrap"><?cs var:#s.Minutes ?> min</td>
          <td><?cs var:s.Kind ?></td>
          <td class="nowrap"><?cs var:s.Fee ?> <?cs var:Payments.Currency ?></td>
          <td class="nowrap"><?cs var:s.Paid ?> <?cs var:Payments.Currency ?></td>
          <td><span class="pay-state pay-state-<?cs var:s.State ?>"><?cs var:s.StateLabel ?></span><?cs if:s.Outstanding ?> <span class="pay-outstanding"><?cs var:s.Outstanding ?> <?cs var:Payments.Currency ?> outstanding</span><?cs /if ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs if:subcount(Entries) > 0 ?>
  <?cs if:Portal.Client.Id ?><h2>Payments and refunds</h2><?cs else ?><h3>Payments and refunds</h3><?cs /if ?>
  <div class="table-scroll" role="region" aria-label="Payments and refunds" tabindex="0">
    <table class="table entries-table">
      <thead>
        <tr><th scope="col">Date</th><th scope="col">Entry</th><th scope="col">Session</th><th scope="col">Amount</th><th scope="col">Method</th><th scope="col">Reference</th><th scope="col">Note</th><th scope="col">State</th></tr>
      </thead>
      <tbody>
<?cs each:e = Entries ?>
        <tr>
          <td class="nowrap"><?cs var:e.Date ?></td>
          <td><?cs var:e.Kind ?></td>
          <td class="nowrap"><?cs var:e.SessionDate ?></td>
          <td class="nowrap"><?cs if:e.IsRefund ?>−<?cs /if ?><?cs var:e.Amount ?> <?cs var:e.Currency ?></td>
          <td><?cs var:e.Method ?></td>
          <td><?cs var:e.Reference ?></td>
          <td><?cs var:e.Note ?></td>
          <td><?cs var:e.State ?><?cs if:e.CanMarkPaid ?>
            <form class="inline-form" method="post" action="/clients/<?cs var:#Client.Id ?>/payments/<?cs var:#e.Id ?>/paid">
              <?cs call:csrf_field() ?>
              <button type="submit" class="button-link">Mark manually paid</button>
            </form><?cs /if ?></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </div>
<?cs /if ?>
<?cs else ?>
  <p class="empty empty-wide">No sessions are recorded yet. <?cs if:Portal.Client.Id ?>Your sessions and what was paid for them will appear here.<?cs else ?>The payment timeline of this client's sessions will appear here.<?cs /if ?></p>
<?cs /if ?>
