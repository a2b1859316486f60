<?cs if:subcount(Flash) > 0 ?>
<div class="flashes">
<?cs each:message = Flash ?>
  <div class="flash flash-<?cs if:message.Kind == "success" ?>success<?cs elif:message.Kind == "error" ?>error<?cs else ?>info<?cs /if ?>" role="status"><?cs var:message.Text ?></div>
<?cs /each ?>
</div>
<?cs /if ?>
