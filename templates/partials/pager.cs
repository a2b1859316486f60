<?cs #
  partials/pager.cs: the Previous / Page X of Y / Next bar of a paged table. layout.cs
  includes this file once, before the page template.

  call:pager(list, label, one, many)
    list   the HDF node with Page, Pages, Total, PrevUrl and NextUrl (PrevUrl and NextUrl
           absent at the ends), e.g. Audit
    label  the navigation's accessible name, e.g. "Audit log pages"
    one    the noun for one item ("entry"), many the noun for more ("entries")
?><?cs
def:pager(list, label, one, many) ?>
  <nav class="pagination" aria-label="<?cs var:label ?>"><?cs
if:list.Pages > 1 ?><?cs if:list.PrevUrl ?>
    <a class="pagination-prev" href="<?cs var:list.PrevUrl ?>" rel="prev">Previous</a><?cs
else ?>
    <span class="pagination-prev" aria-disabled="true">Previous</span><?cs
/if ?><?cs /if ?>
    <span class="pagination-status">Page <?cs var:#list.Page ?> of <?cs var:#list.Pages ?> · <?cs var:#list.Total ?> <?cs if:list.Total == 1 ?><?cs var:one ?><?cs else ?><?cs var:many ?><?cs /if ?></span><?cs
if:list.Pages > 1 ?><?cs if:list.NextUrl ?>
    <a class="pagination-next" href="<?cs var:list.NextUrl ?>" rel="next">Next</a><?cs
else ?>
    <span class="pagination-next" aria-disabled="true">Next</span><?cs
/if ?><?cs /if ?>
  </nav><?cs
/def ?>
