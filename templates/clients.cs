<section class="panel" aria-labelledby="clients-heading">
  <div class="page-head">
    <h1 id="clients-heading">Clients<?cs if:List.Q == "" && List.Tag == 0 && List.Staff == 0 && List.Invite == "" ?> <span class="heading-count"><?cs var:#List.All ?></span><?cs /if ?></h1>
    <div class="page-actions">
      <a class="button button-primary" href="/clients/new">New client</a>
<?cs if:User.IsAdmin ?>
      <a class="button" href="/clients/import">Import CSV</a>
<?cs /if ?>
<?cs if:User.IsAdmin && List.Total > 0 ?>
      <a class="button" href="<?cs var:List.ExportUrl ?>">Export CSV</a>
<?cs /if ?>
    </div>
  </div>
<?cs if:List.All == 0 && !List.Filtered ?>
  <p class="empty empty-wide">No clients yet — <a href="/clients/new">add one</a><?cs if:User.IsAdmin ?> or <a href="/clients/import">import a CSV</a><?cs /if ?>.</p>
<?cs else ?>
  <form class="filters" method="get" action="/clients" role="search" aria-label="Clients">
    <div class="filters-field filters-search">
      <label for="filter-q">Search</label>
      <input id="filter-q" name="q" type="search" value="<?cs var:List.Q ?>" placeholder="Name, email, phone or tag" maxlength="200" autocomplete="off" spellcheck="false">
    </div>
<?cs if:subcount(List.TagOptions) > 0 || List.Tag != 0 ?>
    <div class="filters-field">
      <label for="filter-tag">Tag</label>
      <select id="filter-tag" name="tag">
        <option value="0">All tags</option>
<?cs each:tag = List.TagOptions ?>
        <option value="<?cs var:#tag.Id ?>"<?cs if:tag.Selected ?> selected<?cs /if ?>><?cs var:tag.Name ?> (<?cs var:#tag.Count ?>)</option>
<?cs /each ?>
      </select>
    </div>
<?cs /if ?>
<?cs if:User.IsAdmin ?>
    <div class="filters-field">
      <label for="filter-staff">Assigned to</label>
      <select id="filter-staff" name="staff">
        <option value="0">Anyone</option>
        <option value="-1"<?cs if:List.Staff == -1 ?> selected<?cs /if ?>>Unassigned</option>
<?cs each:staff = List.StaffOptions ?>
        <option value="<?cs var:#staff.Id ?>"<?cs if:staff.Selected ?> selected<?cs /if ?>><?cs var:staff.Name ?></option>
<?cs /each ?>
      </select>
    </div>
<?cs elif:List.Staff != 0 ?>
    <input type="hidden" name="staff" value="<?cs var:#List.Staff ?>">
<?cs /if ?>
    <div class="filters-field">
      <label for="filter-invite">Portal</label>
      <select id="filter-invite" name="invite">
        <option value="">Any</option>
<?cs each:option = List.InviteOptions ?>
        <option value="<?cs var:option.Value ?>"<?cs if:option.Selected ?> selected<?cs /if ?>><?cs var:option.Label ?></option>
<?cs /each ?>
      </select>
    </div>
<?cs if:List.Status != "" ?>
    <input type="hidden" name="status" value="<?cs var:List.Status ?>">
<?cs /if ?>
<?cs if:List.Sort != "name" || List.Dir == "desc" ?>
    <input type="hidden" name="sort" value="<?cs var:List.Sort ?>">
<?cs /if ?>
<?cs if:List.Dir == "desc" ?>
    <input type="hidden" name="dir" value="desc">
<?cs /if ?>
<?cs if:List.Per != 50 ?>
    <input type="hidden" name="per" value="<?cs var:#List.Per ?>">
<?cs /if ?>
    <div class="filters-actions">
      <button type="submit" class="button">Search</button>
<?cs if:List.Filtered ?>
      <a class="filters-clear" href="/clients">Clear</a>
<?cs /if ?>
    </div>
  </form>
<?cs if:List.Notice ?>
  <p class="list-notice"><?cs var:List.Notice ?></p>
<?cs /if ?>

  <nav class="status-tabs" aria-label="Client status">
    <ul>
<?cs each:tab = List.StatusTabs ?>
      <li><a href="<?cs var:tab.Url ?>"<?cs if:tab.Current ?> aria-current="page"<?cs /if ?>><?cs var:tab.Label ?> <span class="tab-count"><?cs var:#tab.Count ?></span></a></li>
<?cs /each ?>
    </ul>
  </nav>
<?cs if:List.Total == 0 ?>
  <p class="empty empty-wide">No clients match this search. <a href="/clients">Clear the search</a></p>
<?cs else ?>
  <form method="post" action="/clients/bulk" id="bulk-form" class="bulk-form">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="back" value="<?cs var:List.Back ?>">
<?cs if:List.SelectAll ?>
    <input type="hidden" name="all" value="1">
    <input type="hidden" name="q" value="<?cs var:List.Q ?>">
    <input type="hidden" name="status" value="<?cs var:List.Status ?>">
    <input type="hidden" name="tag" value="<?cs var:#List.Tag ?>">
    <input type="hidden" name="staff" value="<?cs var:#List.Staff ?>">
    <input type="hidden" name="invite" value="<?cs var:List.Invite ?>">
<?cs /if ?>
    <div class="bulk-toolbar" role="group" aria-label="Bulk actions">
      <div class="bulk-field bulk-action">
        <label for="bulk-action">With the selected clients</label>
        <select id="bulk-action" name="action" required>
          <option value="">Choose…</option>
          <option value="deactivate">Deactivate</option>
          <option value="reactivate">Reactivate</option>
          <option value="invite">Invite to the portal</option>
          <option value="tag_add">Add tag</option>
          <option value="tag_remove">Remove tag</option>
<?cs if:User.IsAdmin ?>
          <option value="assign">Assign to staff</option>
          <option value="delete">Delete…</option>
<?cs /if ?>
        </select>
      </div>
      <div class="bulk-field" data-bulk-actions="tag_add tag_remove">
        <label for="bulk-tag">Tag</label>
        <input id="bulk-tag" name="tag_name" type="text" maxlength="64" autocomplete="off"<?cs if:subcount(List.TagOptions) > 0 ?> list="bulk-tag-names"<?cs /if ?>>
<?cs if:subcount(List.TagOptions) > 0 ?>
        <datalist id="bulk-tag-names">
<?cs each:tag = List.TagOptions ?>
          <option value="<?cs var:tag.Name ?>"></option>
<?cs /each ?>
        </datalist>
<?cs /if ?>
      </div>
<?cs if:User.IsAdmin ?>
      <div class="bulk-field" data-bulk-actions="assign">
        <label for="bulk-staff">Staff member</label>
        <select id="bulk-staff" name="staff_id">
          <option value="0">Nobody (unassigned)</option>
<?cs each:staff = List.StaffOptions ?>
          <option value="<?cs var:#staff.Id ?>"><?cs var:staff.Name ?></option>
<?cs /each ?>
        </select>
      </div>
<?cs /if ?>
      <div class="bulk-submit">
        <button type="submit" class="button">Apply</button>
      </div>
    </div>
<?cs if:List.SelectAll ?>
    <p class="selection-banner">All <strong><?cs var:#List.Total ?></strong> <?cs if:List.Total == 1 ?>client<?cs else ?>clients<?cs /if ?><?cs if:List.Filtered ?> matching this search<?cs /if ?> are selected. <a href="<?cs var:List.ClearSelectionUrl ?>">Clear selection</a></p>
<?cs elif:#List.Total > #List.Shown ?>
    <p class="selection-banner selection-offer"><a href="<?cs var:List.SelectAllUrl ?>">Select all <?cs var:#List.Total ?> clients<?cs if:List.Filtered ?> matching this search<?cs /if ?></a></p>
<?cs /if ?>
    <div class="table-scroll" role="region" aria-labelledby="clients-caption" tabindex="0">
      <table class="table clients-table">
        <caption id="clients-caption">Clients <?cs var:#List.From ?>–<?cs var:#List.To ?> of <?cs var:#List.Total ?><?cs
          if:List.Sorts.name.Current ?>, by name<?cs
          elif:List.Sorts.joined.Current ?>, by date joined<?cs
          elif:List.Sorts.status.Current ?>, by status<?cs
          elif:List.Sorts.staff.Current ?>, by assigned staff<?cs /if ?><?cs
          if:List.Dir == "desc" ?> (descending)<?cs /if ?></caption>
        <thead>
          <tr>
            <th scope="col" class="select-cell"><span class="visually-hidden">Selected</span><input type="checkbox" id="select-page" class="select-page" aria-label="Select all on this page" hidden<?cs if:List.SelectAll ?> checked disabled<?cs /if ?>></th>
            <th scope="col"<?cs if:List.Sorts.name.Current ?> aria-sort="<?cs var:List.Sorts.name.Current ?>"<?cs /if ?>><a class="sort-link" href="<?cs var:List.Sorts.name.Url ?>">Name</a></th>
            <th scope="col">Phone</th>
            <th scope="col">Email</th>
            <th scope="col"<?cs if:List.Sorts.joined.Current ?> aria-sort="<?cs var:List.Sorts.joined.Current ?>"<?cs /if ?>><a class="sort-link" href="<?cs var:List.Sorts.joined.Url ?>">Joined</a></th>
            <th scope="col">Tags</th>
            <th scope="col"<?cs if:List.Sorts.status.Current ?> aria-sort="<?cs var:List.Sorts.status.Current ?>"<?cs /if ?>><a class="sort-link" href="<?cs var:List.Sorts.status.Url ?>">Status</a></th>
            <th scope="col"<?cs if:List.Sorts.staff.Current ?> aria-sort="<?cs var:List.Sorts.staff.Current ?>"<?cs /if ?>><a class="sort-link" href="<?cs var:List.Sorts.staff.Url ?>">Assigned to</a></th>
            <th scope="col" class="actions-cell">Actions</th>
          </tr>
        </thead>
        <tbody>
<?cs each:client = Clients ?>
          <tr>
            <td class="select-cell"><input type="checkbox" name="ids" value="<?cs var:#client.Id ?>" aria-label="Select <?cs var:client.Name ?>"<?cs if:List.SelectAll ?> checked disabled<?cs /if ?>></td>
            <th scope="row" class="client-name"><a href="/clients/<?cs var:#client.Id ?>"><?cs var:client.Name ?></a><?cs if:string.length(client.PreferredName) > 0 ?> <span class="muted">(<?cs var:client.PreferredName ?>)</span><?cs /if ?><?cs if:client.Overdue > 0 ?> <a class="badge badge-overdue" href="/clients/<?cs var:#client.Id ?>/tasks"><?cs var:#client.Overdue ?> overdue<span class="visually-hidden"> <?cs if:client.Overdue == 1 ?>task<?cs else ?>tasks<?cs /if ?></span></a><?cs /if ?></th>
            <td class="client-phone nowrap"><?cs if:string.length(client.Phone) > 0 ?><?cs var:client.Phone ?><?cs else ?><span class="muted">None</span><?cs /if ?></td>
            <td class="client-contact"><span class="client-email"><?cs var:client.Email ?></span></td>
            <td class="nowrap"><?cs var:client.Joined ?></td>
            <td class="client-tags"><?cs if:subcount(client.Tags) > 0 ?><ul class="tag-list"><?cs each:tag = client.Tags ?><li class="tag"><?cs var:tag ?></li><?cs /each ?></ul><?cs /if ?></td>
            <td><span class="badge badge-<?cs var:client.Status ?>"><?cs var:client.StatusLabel ?></span><br><span class="invite-state invite-<?cs var:client.Invite.State ?>"><?cs var:client.Invite.Label ?></span><?cs
              if:client.Invite.State == "invited" ?> <span class="invite-when">(<?cs var:client.Invite.Sent ?>, expires <?cs var:client.Invite.Expires ?>)</span><?cs /if ?></td>
            <td><?cs if:string.length(client.StaffName) > 0 ?><?cs var:client.StaffName ?><?cs else ?><span class="muted">Unassigned</span><?cs /if ?></td>
            <td class="actions-cell">
              <ul class="row-actions">
                <li><a href="/clients/<?cs var:#client.Id ?>/edit">Edit<span class="visually-hidden"> <?cs var:client.Name ?></span></a></li>
<?cs if:client.Status == "pending" ?>
                <li><button type="submit" class="button-link" formaction="/clients/<?cs var:#client.Id ?>/reactivate" formnovalidate>Activate<span class="visually-hidden"> <?cs var:client.Name ?></span></button></li>
<?cs /if ?>
<?cs if:client.Status == "inactive" ?>
                <li><button type="submit" class="button-link" formaction="/clients/<?cs var:#client.Id ?>/reactivate" formnovalidate>Reactivate<span class="visually-hidden"> <?cs var:client.Name ?></span></button></li>
<?cs else ?>
                <li><button type="submit" class="button-link" formaction="/clients/<?cs var:#client.Id ?>/deactivate" formnovalidate>Deactivate<span class="visually-hidden"> <?cs var:client.Name ?></span></button></li>
<?cs /if ?>
<?cs if:User.IsAdmin ?>
                <li><a class="danger-link" href="/clients/<?cs var:#client.Id ?>/delete">Delete<span class="visually-hidden"> <?cs var:client.Name ?></span></a></li>
<?cs /if ?>
<?cs if:client.Status != "inactive" && client.Invite.State != "registered" ?>
                <li><button type="submit" class="button-link" formaction="/clients/<?cs var:#client.Id ?>/invite" formnovalidate><?cs if:client.Invite.State == "none" ?>Invite<?cs else ?>Resend invitation<?cs /if ?><span class="visually-hidden"> <?cs var:client.Name ?></span></button></li>
<?cs /if ?>
              </ul>
            </td>
          </tr>
<?cs /each ?>
        </tbody>
      </table>
    </div>
  </form>
  <div class="list-footer">
    <nav class="pagination" aria-label="Client list pages">
<?cs if:List.Pages > 1 ?><?cs if:List.PrevUrl ?>
      <a class="pagination-prev" href="<?cs var:List.PrevUrl ?>" rel="prev">Previous</a>
<?cs else ?>
      <span class="pagination-prev" aria-disabled="true">Previous</span>
<?cs /if ?><?cs /if ?>
      <span class="pagination-status">Page <?cs var:#List.Page ?> of <?cs var:#List.Pages ?> · <?cs var:#List.Total ?> <?cs if:List.Total == 1 ?>client<?cs else ?>clients<?cs /if ?></span>
<?cs if:List.Pages > 1 ?><?cs if:List.NextUrl ?>
      <a class="pagination-next" href="<?cs var:List.NextUrl ?>" rel="next">Next</a>
<?cs else ?>
      <span class="pagination-next" aria-disabled="true">Next</span>
<?cs /if ?><?cs /if ?>
    </nav>
    <p class="per-page">Per page:<?cs each:per = List.PerOptions ?><?cs if:name(per) != "0" ?> ·<?cs /if ?> <?cs if:per.Current ?><span class="per-page-current" aria-current="true"><?cs var:#per.Value ?></span><?cs else ?><a href="<?cs var:per.Url ?>" aria-label="<?cs var:#per.Value ?> clients per page"><?cs var:#per.Value ?></a><?cs /if ?><?cs /each ?></p>
  </div>
<?cs /if ?>
<?cs /if ?>
</section>
