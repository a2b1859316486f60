/* profile.c: one client: the profile (/clients/{id}) with its tabs and Overview, the new
 * client and edit forms, deactivate / reactivate / delete, and the client's tags */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clientdb.h"
#include "log.h"
#include "phone.h"

#define HISTORY_SHOWN	20
#define ID_MAX		999999999999999LL

const struct form_field client_form_fields[CFORM__MAX] = {
	{ "first_name",          FORM_LINE,  FORM_REQUIRED, 100, 0, 0, "First name" },
	{ "last_name",           FORM_LINE,  FORM_REQUIRED, 100, 0, 0, "Last name" },
	{ "preferred_name",      FORM_LINE,  0, 100,  0, 0, "Preferred name" },
	{ "email",               FORM_EMAIL, FORM_REQUIRED, 254, 0, 0, "Email" },
	{ "phone",               FORM_LINE,  0, 40,   0, 0, "Phone" },
	{ "date_of_birth",       FORM_LINE,  0, 20,   0, 0, "Date of birth" },
	{ "gender",              FORM_LINE,  0, 50,   0, 0, "Gender" },
	{ "pronouns",            FORM_LINE,  0, 50,   0, 0, "Pronouns" },
	{ "address",             FORM_TEXT,  0, 500,  0, 0, "Address" },
	{ "occupation",          FORM_LINE,  0, 100,  0, 0, "Occupation" },
	{ "employment_status",   FORM_LINE,  0, 50,   0, 0, "Employment status" },
	{ "relationship_status", FORM_LINE,  0, 50,   0, 0, "Relationship status" },
	{ "living_arrangement",  FORM_LINE,  0, 100,  0, 0, "Living arrangement" },
	{ "emergency_name",      FORM_LINE,  0, 200,  0, 0, "Emergency contact" },
	{ "emergency_phone",     FORM_LINE,  0, 40,   0, 0, "Emergency contact phone" },
	{ "emergency_relation",  FORM_LINE,  0, 100,  0, 0, "Relationship to client" },
	{ "diagnosis",           FORM_TEXT,  0, 5000, 0, 0, "Diagnosis" },
	{ "icd10_codes",         FORM_LINE,  0, 255,  0, 0, "ICD-10 codes" },
	{ "symptoms",            FORM_TEXT,  0, 5000, 0, 0, "Symptoms" },
	{ "phone_country",       FORM_TOKEN, 0, 2,    0, 0, "Phone country" },
	{ "emergency_country",   FORM_TOKEN, 0, 2,    0, 0, "Emergency phone country" },
	{ "staff_id",            FORM_INT,   0, 19,   0, ID_MAX, "Assigned staff" },
};

const struct form_field client_tag_fields[CTAG__MAX] = {
	{ "name", FORM_LINE, FORM_REQUIRED, 64, 0, 0, "Tag" },
};

const struct form_field client_status_fields[CSTATUS__MAX] = {
	{ "back", FORM_PATH, 0, 2048, 0, 0, "Return address" },
};

const struct form_field client_delete_fields[CDEL__MAX] = {
	{ "confirm", FORM_LINE, 0, 32, 0, 0, "Confirmation" },
};

static const char *const tab_names[] = { "notes", "tasks", "files", "payments" };

enum stmt {
	STMT_HISTORY,
	STMT_TAG_NAME,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_HISTORY */
	"SELECT a.at, a.actor_kind, COALESCE(s.name, ''), a.action, COALESCE(a.detail, '') "
	"FROM audit_log a LEFT JOIN staff s ON a.actor_kind = 'staff' AND s.id = a.actor_id "
	"WHERE a.object_kind = 'client' AND a.object_id = ? AND a.action <> 'client_viewed' "
	"ORDER BY a.id DESC LIMIT ?",
	/* STMT_TAG_NAME */
	"SELECT name FROM tags WHERE id = ?",
};

/* Check what a client form says beyond each field's own rules; fills cv.  0 when all is
 * well, 1 when a field has a message (shown next to it), -1 on a database error. */
static int
client_values_check(struct request *r, struct client_values *cv, long long except_id,
    int staff_editable)
{
	struct form		*f = &r->form;
	const char		*country, *typed[CF__MAX], *messages[CF__MAX];
	long long		 n;
	int			 i, taken;

	for (i = 0; i < CF__MAX; i++)
		typed[i] = f->v[i].error == NULL ? f->v[i].text : "";
	country = f->v[CFORM_PHONE_COUNTRY].present ? f->v[CFORM_PHONE_COUNTRY].text : "";
	client_values_normalise(cv, typed, country, f->v[CFORM_EMERGENCY_COUNTRY].present ?
	    f->v[CFORM_EMERGENCY_COUNTRY].text : country, r->practice.date_order, messages);
	for (i = 0; i < CF__MAX; i++) {
		if (f->v[i].error != NULL)
			cv->v[i] = f->v[i].text;
		else if (messages[i] != NULL)
			form_error(f, (size_t)i, messages[i]);
	}
	if (f->v[CF_EMAIL].present && f->v[CF_EMAIL].error == NULL) {
		if ((taken = db_client_email_taken(r->db, f->v[CF_EMAIL].text, except_id)) == -1)
			return -1;
		if (taken)
			form_error(f, CF_EMAIL, "Another client already uses this email address.");
	}
	cv->staff_id = staff_editable ? f->v[CFORM_STAFF].num : 0;
	if (staff_editable && cv->staff_id > 0) {
		struct staff_user	 member;

		if ((n = staff_load(r->db, cv->staff_id, &member)) == -1)
			return -1;
		if (n == 0)
			form_error(f, CFORM_STAFF, "Choose an active staff member.");
	}
	return f->nerrors > 0 ? 1 : 0;
}

/* The choices of the client form: countries and (for admins) staff. */
static int
form_options(struct request *r, const char *country, long long staff_id)
{
	const char	*code, *name;
	size_t		 i;

	for (i = 0; phone_country_at(i, &code, &name); i++) {
		view_set(r->hdf, code, "Countries.%zu.Code", i);
		view_set(r->hdf, name, "Countries.%zu.Name", i);
	}
	view_set(r->hdf, country, "Form.phone_country.Value");
	if (r->user.role != STAFF_ADMIN)
		return 0;
	view_set(r->hdf, "1", "Form.StaffEditable");
	return staff_options_to_view(r, r->db, "StaffOptions", staff_id);
}

static void
render_form(struct request *r, const char *mode, long long id, long long staff_id)
{
	char	 action[64];

	const char	*country = view_get(r->hdf, "Form.phone_country.Value");

	if (country == NULL)
		country = r->form.v[CFORM_PHONE_COUNTRY].present ?
		    r->form.v[CFORM_PHONE_COUNTRY].text : r->practice.phone_country;
	if (form_options(r, country, staff_id) == -1) {
		page_db_error(r);
		return;
	}
	view_set(r->hdf, mode, "Form.Mode");
	if (id > 0) {
		snprintf(action, sizeof(action), "/clients/%lld/edit", id);
		view_set_int(r->hdf, id, "Client.Id");
	} else
		snprintf(action, sizeof(action), "/clients/new");
	view_set(r->hdf, action, "Form.Action");
	if (r->form.nerrors > 0)
		view_set(r->hdf, "Some fields need your attention.", "Form.Error");
	page_render(r, "client_form.cs", strcmp(mode, "new") == 0 ? "New client" : "Edit client");
}

void
client_new_form(struct request *r)
{
	render_form(r, "new", 0, 0);
}

void
client_new_submit(struct request *r)
{
	struct client_values	 cv;
	char			 message[600], url[64];
	long long		 id, staff;
	int			 rc;

	if ((rc = client_values_check(r, &cv, 0, r->user.role == STAFF_ADMIN)) == -1) {
		page_db_error(r);
		return;
	}
	if (rc == 1) {
		r->resp.status = 422;
		page_form_to_view(r);
		render_form(r, "new", 0, r->form.v[CFORM_STAFF].num);
		return;
	}
	/* A clinician's new client is theirs; an admin chooses. */
	staff = r->user.role == STAFF_ADMIN ? cv.staff_id : r->user.id;
	/* The client and its audit row are saved together: an outage between the two must not
	 * leave a client nobody is recorded as having added. */
	if (db_begin(r->db) == -1 || db_client_insert(r->db, cv.v, staff, &id) == -1 ||
	    audit_write(r, "client_created", "client", id, NULL) == -1 ||
	    db_commit(r->db) == -1) {
		unsigned e = db_errno(r->db);

		db_rollback(r->db);
		if (e == 1062) {
			form_error(&r->form, CF_EMAIL, "Another client already uses this email address.");
			r->resp.status = 422;
			page_form_to_view(r);
			render_form(r, "new", 0, r->form.v[CFORM_STAFF].num);
			return;
		}
		page_db_error(r);
		return;
	}
	snprintf(message, sizeof(message), "%s %s was added as Pending.", cv.v[CF_FIRST_NAME],
	    cv.v[CF_LAST_NAME]);
	snprintf(url, sizeof(url), "/clients/%lld", id);
	page_flash_redirect(r, "success", message, url);
}

/* Load the client named in the path, within the caller's reach; 404 otherwise.  1 loaded,
 * 0 after answering. */
static int
load_client(struct request *r, struct client *c)
{
	int	 rc;

	if ((rc = db_client_get(r->db, r->ids[0], clients_scope(r), c)) == -1) {
		page_db_error(r);
		return 0;
	}
	if (rc == 0) {
		page_error(r, 404, NULL);
		return 0;
	}
	return 1;
}

/* Copy the first UTF-8 character of s into out; its length in bytes. */
static size_t
first_character(const char *s, char *out, size_t size)
{
	size_t	 n = 1;

	if (*s == '\0' || size < 5) {
		if (size > 0)
			out[0] = '\0';
		return 0;
	}
	while (n < 4 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

/* The header every tab shares: name, initials, status, contact, tags, staff, actions. */
static int
header_to_view(struct request *r, const struct client *c)
{
	struct buf	 tags = { 0 };
	struct invitation inv;
	char		 text[1200], initials[16];
	const char	*p, *sep;
	size_t		 n;
	int		 i = 0;

	view_set_int(r->hdf, c->id, "Client.Id");
	snprintf(text, sizeof(text), "%s %s", c->v[CF_FIRST_NAME], c->v[CF_LAST_NAME]);
	view_set(r->hdf, text, "Client.Name");
	/* the first character of each name, a whole UTF-8 sequence */
	n = first_character(c->v[CF_FIRST_NAME], initials, sizeof(initials));
	first_character(c->v[CF_LAST_NAME], initials + n, sizeof(initials) - n);
	if (((unsigned char)initials[0] & 0x80) == 0)
		initials[0] = (char)toupper((unsigned char)initials[0]);
	view_set(r->hdf, initials, "Client.Initials");
	view_set(r->hdf, client_statuses[c->status], "Client.Status");
	view_set(r->hdf, client_status_labels[c->status], "Client.StatusLabel");
	view_set(r->hdf, c->v[CF_EMAIL], "Client.Email");
	view_set(r->hdf, c->v[CF_PREFERRED_NAME], "Client.PreferredName");
	if (*c->v[CF_PHONE] != '\0') {
		phone_format(c->v[CF_PHONE], text, sizeof(text));
		view_set(r->hdf, text, "Client.Phone");
		view_set(r->hdf, c->v[CF_PHONE], "Client.PhoneE164");
	}
	if (c->staff_id > 0)
		view_set(r->hdf, c->staff_name, "Client.StaffName");
	page_format_time(r, c->joined_at, text, sizeof(text));
	view_set(r->hdf, text, "Client.Joined");
	if (db_client_invitation(r->db, c->id, &inv) == -1)
		return -1;
	view_set(r->hdf, invite_states[inv.state], "Client.Invite.State");
	view_set(r->hdf, invite_state_labels[inv.state], "Client.Invite.Label");
	if (inv.state == INVITE_SENT || inv.state == INVITE_EXPIRED) {
		page_format_time(r, inv.sent_at, text, sizeof(text));
		view_set(r->hdf, text, "Client.Invite.Sent");
		page_format_time(r, inv.expires_at, text, sizeof(text));
		view_set(r->hdf, text, "Client.Invite.Expires");
	}
	if (db_client_tags(r->db, c->id, &tags) == -1) {
		buf_free(&tags);
		return -1;
	}
	/* "id\x1fname" records joined by '\x1e' */
	for (p = tags.data; p != NULL && *p != '\0'; i++) {
		sep = strchr(p, '\x1f');
		if (sep == NULL)
			break;
		snprintf(text, sizeof(text), "%.*s", (int)(sep - p), p);
		view_set(r->hdf, text, "Client.Tags.%d.Id", i);
		p = sep + 1;
		sep = strchr(p, '\x1e');
		snprintf(text, sizeof(text), "%.*s", sep ? (int)(sep - p) : (int)strlen(p), p);
		view_set(r->hdf, text, "Client.Tags.%d.Name", i);
		p = sep ? sep + 1 : NULL;
	}
	buf_free(&tags);
	return 0;
}

static int
history_to_view(struct request *r, long long id)
{
	struct db_query	 q;
	char		 when[64];
	int		 i = 0, rc;

	db_query_init(&q, r->db, stmts[STMT_HISTORY]);
	db_bind_int(&q, id);
	db_bind_int(&q, HISTORY_SHOWN);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		page_format_time(r, db_col_str(&q, 0), when, sizeof(when));
		view_set(r->hdf, when, "Profile.History.%d.At", i);
		view_set(r->hdf, strcmp(db_col_str(&q, 1), "staff") == 0 ? db_col_str(&q, 2) :
		    strcmp(db_col_str(&q, 1), "client") == 0 ? "The client" : "Casebook",
		    "Profile.History.%d.Actor", i);
		view_set(r->hdf, db_col_str(&q, 3), "Profile.History.%d.Action", i);
		view_set(r->hdf, db_col_str(&q, 4), "Profile.History.%d.Detail", i);
		i++;
	}
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

/* Render the profile with one tab open. */
static void
render_profile(struct request *r, struct client *c, const char *tab)
{
	char	 text[200];
	int	 age;

	if (header_to_view(r, c) == -1 ||
	    (r->user.role == STAFF_ADMIN && history_to_view(r, c->id) == -1)) {
		page_db_error(r);
		return;
	}
	view_set(r->hdf, tab, "Profile.Tab");
	if (strcmp(tab, "overview") == 0) {
		int	 i;

		for (i = 0; i < CF__MAX; i++)
			view_set(r->hdf, c->v[i], "Client.Fields.%s", client_field_names[i]);
		if (*c->v[CF_DATE_OF_BIRTH] != '\0') {
			page_format_date(r, c->v[CF_DATE_OF_BIRTH], text, sizeof(text));
			view_set(r->hdf, text, "Client.Fields.date_of_birth");
			if ((age = when_age(c->v[CF_DATE_OF_BIRTH])) >= 0)
				view_set_int(r->hdf, age, "Client.Age");
		}
		if (*c->v[CF_EMERGENCY_PHONE] != '\0') {
			phone_format(c->v[CF_EMERGENCY_PHONE], text, sizeof(text));
			view_set(r->hdf, text, "Client.Fields.emergency_phone");
		}
	}
	snprintf(text, sizeof(text), "%s %s", c->v[CF_FIRST_NAME], c->v[CF_LAST_NAME]);
	page_render(r, "profile.cs", text);
}

void
profile_show(struct request *r)
{
	struct client	 c;

	if (!load_client(r, &c))
		return;
	audit_write(r, "client_viewed", "client", c.id, "overview");
	render_profile(r, &c, "overview");
	client_free(&c);
}

void
profile_tab(struct request *r)
{
	struct client	 c;
	const char	*path = r->path.data, *tab = strrchr(path, '/') + 1;
	size_t		 i;

	for (i = 0; i < sizeof(tab_names) / sizeof(tab_names[0]); i++)
		if (strcmp(tab, tab_names[i]) == 0)
			break;
	if (i == sizeof(tab_names) / sizeof(tab_names[0])) {
		page_error(r, 404, NULL);
		return;
	}
	if (!load_client(r, &c))
		return;
	audit_write(r, "client_viewed", "client", c.id, tab_names[i]);
	render_profile(r, &c, tab_names[i]);
	client_free(&c);
}

void
profile_edit_form(struct request *r)
{
	struct client	 c;
	char		 text[64];
	int		 i;

	if (!load_client(r, &c))
		return;
	/* the form shows every field, clinical ones too: a view like any other */
	audit_write(r, "client_viewed", "client", c.id, "edit");
	for (i = 0; i < CF__MAX; i++)
		view_set(r->hdf, c.v[i], "Form.%s.Value", client_field_names[i]);
	if (*c.v[CF_PHONE] != '\0') {
		phone_format(c.v[CF_PHONE], text, sizeof(text));
		view_set(r->hdf, text, "Form.phone.Value");
		/* the stored number carries its country code: no country is implied */
		view_set(r->hdf, "", "Form.phone_country.Value");
	}
	if (*c.v[CF_EMERGENCY_PHONE] != '\0') {
		phone_format(c.v[CF_EMERGENCY_PHONE], text, sizeof(text));
		view_set(r->hdf, text, "Form.emergency_phone.Value");
	}
	if (*c.v[CF_DATE_OF_BIRTH] != '\0') {
		page_format_date(r, c.v[CF_DATE_OF_BIRTH], text, sizeof(text));
		/* the form takes the unambiguous ISO form back */
		view_set(r->hdf, c.v[CF_DATE_OF_BIRTH], "Form.date_of_birth.Value");
	}
	snprintf(text, sizeof(text), "%s %s", c.v[CF_FIRST_NAME], c.v[CF_LAST_NAME]);
	view_set(r->hdf, text, "Client.Name");
	render_form(r, "edit", c.id, c.staff_id);
	client_free(&c);
}

void
profile_edit_submit(struct request *r)
{
	struct client		 c;
	struct client_values	 cv;
	struct buf		 changed = { 0 };
	char			 url[64], name[300];
	long long		 staff, revoked = 0;
	int			 rc, i;

	if (!load_client(r, &c))
		return;
	if ((rc = client_values_check(r, &cv, c.id, r->user.role == STAFF_ADMIN)) != 0) {
		if (rc == -1) {
			page_db_error(r);
		} else {
			r->resp.status = 422;
			page_form_to_view(r);
			snprintf(name, sizeof(name), "%s %s", c.v[CF_FIRST_NAME], c.v[CF_LAST_NAME]);
			view_set(r->hdf, name, "Client.Name");
			render_form(r, "edit", c.id, r->form.v[CFORM_STAFF].num);
		}
		client_free(&c);
		return;
	}
	staff = r->user.role == STAFF_ADMIN ? cv.staff_id : c.staff_id;
	/* The audit entry names what changed, never the values: no clinical text in it. */
	for (i = 0; i < CF__MAX; i++)
		if (strcmp(c.v[i], cv.v[i]) != 0)
			buf_printf(&changed, "%s%s", changed.len ? ", " : "", client_field_names[i]);
	if (staff != c.staff_id)
		buf_printf(&changed, "%sassigned_staff", changed.len ? ", " : "");
	if (db_begin(r->db) == -1 ||
	    db_client_update(r->db, c.id, cv.v, staff, &revoked) == -1 ||
	    db_commit(r->db) == -1) {
		db_rollback(r->db);
		buf_free(&changed);
		if (db_errno(r->db) == 1062) {
			form_error(&r->form, CF_EMAIL, "Another client already uses this email address.");
			r->resp.status = 422;
			page_form_to_view(r);
			render_form(r, "edit", c.id, r->form.v[CFORM_STAFF].num);
		} else
			page_db_error(r);
		client_free(&c);
		return;
	}
	if (changed.len > 0)
		audit_write(r, "client_updated", "client", c.id, changed.data);
	if (revoked > 0)
		audit_write(r, "portal_links_revoked", "client", c.id, "email changed");
	snprintf(url, sizeof(url), "/clients/%lld", c.id);
	page_flash_redirect(r, "success", changed.len ? "The client's details were saved." :
	    "Nothing was changed.", url);
	buf_free(&changed);
	client_free(&c);
}

static void
set_status(struct request *r, enum client_status status, const char *action, const char *verb)
{
	struct client	 c;
	char		 message[600], url[64];
	int		 changed;

	if (!load_client(r, &c))
		return;
	if (db_begin(r->db) == -1 || db_client_set_status(r->db, c.id, status, &changed) == -1 ||
	    db_commit(r->db) == -1) {
		db_rollback(r->db);
		client_free(&c);
		page_db_error(r);
		return;
	}
	if (changed)
		audit_write(r, action, "client", c.id, NULL);
	snprintf(message, sizeof(message), changed ? "%s %s %s." : "%s %s was already %s.",
	    c.v[CF_FIRST_NAME], c.v[CF_LAST_NAME], changed ? verb : client_statuses[status]);
	snprintf(url, sizeof(url), "/clients/%lld", c.id);
	/* from a row of the list: back to the same place in the list */
	page_flash_redirect(r, changed ? "success" : "info", message,
	    r->form.v[CSTATUS_BACK].present && r->form.v[CSTATUS_BACK].error == NULL ?
	    r->form.v[CSTATUS_BACK].text : url);
	client_free(&c);
}

void
profile_deactivate(struct request *r)
{
	set_status(r, CLIENT_INACTIVE, "client_deactivated", "was deactivated");
}

void
profile_reactivate(struct request *r)
{
	set_status(r, CLIENT_ACTIVE, "client_reactivated", "is active again");
}

static void
delete_page(struct request *r, const struct client *c, int status)
{
	char	 name[300], action[64], back[64];

	snprintf(name, sizeof(name), "%s %s", c->v[CF_FIRST_NAME], c->v[CF_LAST_NAME]);
	snprintf(action, sizeof(action), "/clients/%lld/delete", c->id);
	snprintf(back, sizeof(back), "/clients/%lld", c->id);
	view_set_int(r->hdf, c->id, "Delete.Clients.0.Id");
	view_set(r->hdf, name, "Delete.Clients.0.Name");
	view_set(r->hdf, "1", "Delete.Count");
	view_set(r->hdf, "0", "Delete.More");
	view_set(r->hdf, "1", "Delete.Single");
	view_set(r->hdf, action, "Delete.Action");
	view_set(r->hdf, back, "Delete.Back");
	r->resp.status = status;
	page_render(r, "client_delete.cs", "Delete client");
}

void
profile_delete_form(struct request *r)
{
	struct client	 c;

	if (!load_client(r, &c))
		return;
	if (r->user.role != STAFF_ADMIN)
		page_error(r, 403, "Only practice administrators may delete clients.");
	else
		delete_page(r, &c, 200);
	client_free(&c);
}

void
profile_delete_submit(struct request *r)
{
	struct client	 c;
	char		 message[600];
	long long	 id;

	if (!load_client(r, &c))
		return;
	if (r->user.role != STAFF_ADMIN) {
		page_error(r, 403, "Only practice administrators may delete clients.");
		client_free(&c);
		return;
	}
	if (strcmp(r->form.v[CDEL_CONFIRM].text, "DELETE") != 0) {
		view_set(r->hdf, "Type DELETE in capital letters to confirm.", "Form.confirm.Error");
		view_set(r->hdf, r->form.v[CDEL_CONFIRM].text, "Form.confirm.Value");
		delete_page(r, &c, 422);
		client_free(&c);
		return;
	}
	id = c.id;
	snprintf(message, sizeof(message), "%s %s was deleted.", c.v[CF_FIRST_NAME],
	    c.v[CF_LAST_NAME]);
	client_free(&c);
	if (clients_delete(r, &id, 1) != 1) {
		page_db_error(r);
		return;
	}
	page_flash_redirect(r, "success", message, "/clients");
}

void
profile_tag_add(struct request *r)
{
	struct client	 c;
	char		 url[64], message[200];
	long long	 tag;
	int		 changed;

	if (!load_client(r, &c))
		return;
	snprintf(url, sizeof(url), "/clients/%lld", c.id);
	if (r->form.v[CTAG_NAME].error != NULL) {
		client_free(&c);
		page_flash_redirect(r, "error", "Enter the tag's name on one line.", url);
		return;
	}
	if (db_tag_ensure(r->db, r->form.v[CTAG_NAME].text,
	    practice_may_create_tags(&r->practice, r->user.role), &tag) == -1) {
		client_free(&c);
		page_db_error(r);
		return;
	}
	if (tag == 0) {
		/* a new name from someone who may not create tags: the profile again, with what
		 * was typed and why it was not added next to the field */
		view_set(r->hdf, r->form.v[CTAG_NAME].text, "Form.name.Value");
		view_set(r->hdf, "No tag has this name. Only an administrator can create tags: "
		    "choose an existing tag, or ask an administrator to create this one.",
		    "Form.name.Error");
		r->resp.status = 422;
		audit_write(r, "client_viewed", "client", c.id, "overview");
		render_profile(r, &c, "overview");
		client_free(&c);
		return;
	}
	client_free(&c);
	if (db_client_tag_add(r->db, r->ids[0], tag, &changed) == -1) {
		page_db_error(r);
		return;
	}
	if (changed)
		audit_write(r, "client_tag_added", "client", r->ids[0], NULL);
	snprintf(message, sizeof(message), changed ? "Tag \"%s\" added." :
	    "The client already has the tag \"%s\".", r->form.v[CTAG_NAME].text);
	page_flash_redirect(r, changed ? "success" : "info", message, url);
}

void
profile_tag_remove(struct request *r)
{
	struct client	 c;
	char		 url[64];
	int		 changed;

	if (!load_client(r, &c))
		return;
	snprintf(url, sizeof(url), "/clients/%lld", c.id);
	client_free(&c);
	if (db_client_tag_remove(r->db, r->ids[0], r->ids[1], &changed) == -1) {
		page_db_error(r);
		return;
	}
	if (!changed) {
		page_error(r, 404, NULL);
		return;
	}
	audit_write(r, "client_tag_removed", "client", r->ids[0], NULL);
	page_flash_redirect(r, "success", "Tag removed.", url);
}

/* ---- for the tabs built in their own files (notes.c, tasks.c, files.c, payments.c) ---- */

int
profile_client_load(struct request *r, struct client *c)
{
	return load_client(r, c);
}

void
profile_render_tab(struct request *r, struct client *c, const char *tab)
{
	render_profile(r, c, tab);
}

int
side_load(struct request *r, struct record_side *s, const char *tab)
{
	memset(s, 0, sizeof(*s));
	if (r->client_signed_in) {
		s->portal = 1;
		s->client_id = r->client.id;
		s->kind = "client";
		s->actor_id = r->client.id;
		s->ids = r->ids;
		s->nids = r->nids;
		snprintf(s->base, sizeof(s->base), "/portal/%s", tab);
		return 1;
	}
	if (!profile_client_load(r, &s->client))
		return 0;
	s->has_client = 1;
	s->client_id = s->client.id;
	s->kind = "staff";
	s->actor_id = r->user.id;
	s->ids = r->ids + 1;
	s->nids = r->nids > 0 ? r->nids - 1 : 0;
	snprintf(s->base, sizeof(s->base), "/clients/%lld/%s", s->client_id, tab);
	return 1;
}

void
side_free(struct record_side *s)
{
	if (s->has_client)
		client_free(&s->client);
	s->has_client = 0;
}

long long
side_id(const struct record_side *s)
{
	return s->nids > 0 ? s->ids[0] : 0;
}
