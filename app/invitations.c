/* invitations.c: inviting clients to the portal by e-mail (the profile's Invite, the list's
 * row action and bulk action, an import's new clients), revoking an invitation, and the page
 * its link opens (/portal/invite/{token}), where the client chooses a password */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "crypto.h"
#include "log.h"

#define SENDS_PER_DAY	5	/* invitations to one client in 24 hours */
#define FLASH_MAX	500	/* characters a flash message keeps */

enum invite_result {
	INVITED,
	INVITED_AGAIN,		/* the earlier link was revoked */
	REFUSED_INACTIVE,
	REFUSED_REGISTERED,
	REFUSED_LIMIT,
	REFUSED_MAIL,		/* the address cannot be mailed */
	INVITE_FAILED,		/* a database error */
	INVITE_RESULT__MAX
};

static const char *const no_address =
    "Invitations need the portal's address: an administrator sets it under Portal address "
    "on /admin/settings.";

/* Invite one client (reach already checked): revoke a live link, make a new one, queue the
 * message, audit in the inviter's name, all in one transaction.  The link goes to link (when
 * invited). */
static enum invite_result
invite_one(struct db *db, const struct config *cfg, const struct practice *practice,
    const struct inviter *who, const struct client *c, char *link, size_t linksize)
{
	struct invitation	 inv;
	HDF			*data = NULL;
	char			 token[CRYPTO_TOKEN_HEX], name[402], subject[900], err[300];
	char			 expires[64];
	long long		 recent, revoked = 0, token_id;
	enum invite_result	 result = INVITE_FAILED;

	if (c->status == CLIENT_INACTIVE)
		return REFUSED_INACTIVE;
	if (db_client_invitation(db, c->id, &inv) == -1)
		return INVITE_FAILED;
	if (inv.state == INVITE_REGISTERED)
		return REFUSED_REGISTERED;
	if (db_tokens_recent(db, TOKEN_INVITE, c->id, 86400, &recent) == -1)
		return INVITE_FAILED;
	if (recent >= SENDS_PER_DAY)
		return REFUSED_LIMIT;
	if ((data = view_new(cfg->templates)) == NULL) {
		log_error("out of memory");
		exit(1);
	}
	if (db_begin(db) == -1 ||
	    db_tokens_revoke(db, TOKEN_INVITE, c->id, &revoked) == -1 ||
	    db_token_create(db, TOKEN_INVITE, c->id, c->v[CF_EMAIL],
	    (long)cfg->invite_days * 86400, token, &token_id) == -1 ||
	    portal_link(practice, "/portal/invite/", token, link, linksize) == -1)
		goto out;
	snprintf(name, sizeof(name), "%s %s", c->v[CF_FIRST_NAME], c->v[CF_LAST_NAME]);
	snprintf(subject, sizeof(subject), "Your invitation to %s's client portal",
	    practice_name(cfg, practice));
	snprintf(expires, sizeof(expires), "%d day%s", cfg->invite_days,
	    cfg->invite_days == 1 ? "" : "s");
	view_set(data, link, "Invite.Link");
	view_set(data, expires, "Invite.Lasts");
	view_set(data, c->v[CF_FIRST_NAME], "Invite.FirstName");
	if (mail_queue(db, cfg, c->v[CF_EMAIL], name, subject, "invite", data, err,
	    sizeof(err)) == -1) {
		log_warn("invitation of client %lld not queued: %s", c->id, err);
		result = db_unavailable(db) ? INVITE_FAILED : REFUSED_MAIL;
		goto out;
	}
	result = revoked > 0 ? INVITED_AGAIN : INVITED;
	audit_write_as(db, "staff", who->staff_id, who->ip, result == INVITED ?
	    "invitation_sent" : "invitation_resent", "client", c->id, c->v[CF_EMAIL]);
	if (db_commit(db) == -1)
		result = INVITE_FAILED;
out:
	if (result != INVITED && result != INVITED_AGAIN)
		db_rollback(db);
	view_free(data);
	return result;
}

/* Load the client named in the path within the caller's reach: 1, or 0 after answering. */
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

void
invitation_send(struct request *r)
{
	const struct inviter	 who = { r->user.id, r->ip, clients_scope(r) };
	struct client		 c;
	char			 url[64], link[512], message[1200], name[402];
	const char		*back;
	enum invite_result	 result;

	if (!load_client(r, &c))
		return;
	snprintf(url, sizeof(url), "/clients/%lld", c.id);
	back = r->form.v[CSTATUS_BACK].present && r->form.v[CSTATUS_BACK].error == NULL ?
	    r->form.v[CSTATUS_BACK].text : url;
	snprintf(name, sizeof(name), "%s %s", c.v[CF_FIRST_NAME], c.v[CF_LAST_NAME]);
	if (r->practice.base_url[0] == '\0') {
		client_free(&c);
		page_flash_redirect(r, "error", no_address, back);
		return;
	}
	result = invite_one(r->db, r->cfg, &r->practice, &who, &c, link, sizeof(link));
	switch (result) {
	case INVITED:
	case INVITED_AGAIN:
		/* Only the link's hash is kept: this is the one chance to copy it. */
		snprintf(message, sizeof(message), "%s sent to %s. Its link, shown only now: %s",
		    result == INVITED ? "Invitation" : "A new invitation (the earlier link no "
		    "longer works) was", c.v[CF_EMAIL], link);
		if (form_utf8_length(message) > FLASH_MAX)
			snprintf(message, sizeof(message), "Invitation sent. Its link, shown only "
			    "now: %s", link);
		page_flash_redirect(r, "success", message, back);
		break;
	case REFUSED_INACTIVE:
		snprintf(message, sizeof(message), "%s is inactive: reactivate them before "
		    "inviting them to the portal.", name);
		page_flash_redirect(r, "error", message, back);
		break;
	case REFUSED_REGISTERED:
		snprintf(message, sizeof(message), "%s already has a portal account. They can "
		    "reset their password from the portal's sign-in page.", name);
		page_flash_redirect(r, "info", message, back);
		break;
	case REFUSED_LIMIT:
		snprintf(message, sizeof(message), "%s has been sent %d invitations in the last "
		    "24 hours, the most allowed. Try again tomorrow.", name, SENDS_PER_DAY);
		page_flash_redirect(r, "error", message, back);
		break;
	case REFUSED_MAIL:
		snprintf(message, sizeof(message), "The invitation could not be sent to %s: "
		    "check the email address (plain letters, like name@example.org).",
		    c.v[CF_EMAIL]);
		page_flash_redirect(r, "error", message, back);
		break;
	default:
		page_db_error(r);
		break;
	}
	client_free(&c);
}

void
invitation_revoke(struct request *r)
{
	struct client	 c;
	char		 url[64];
	long long	 revoked;

	if (!load_client(r, &c))
		return;
	snprintf(url, sizeof(url), "/clients/%lld", c.id);
	if (db_tokens_revoke(r->db, TOKEN_INVITE, c.id, &revoked) == -1) {
		client_free(&c);
		page_db_error(r);
		return;
	}
	if (revoked > 0)
		audit_write(r, "invitation_revoked", "client", c.id, NULL);
	page_flash_redirect(r, revoked > 0 ? "success" : "info", revoked > 0 ?
	    "The invitation was revoked: its link no longer works." :
	    "There is no open invitation to revoke.", url);
	client_free(&c);
}

long long
invitations_send(struct db *db, const struct config *cfg, const struct practice *practice,
    const struct inviter *who, const long long *ids, long long n, char *message, size_t size)
{
	struct client		 c;
	long long		 i, counts[INVITE_RESULT__MAX] = { 0 };
	char			 link[512];
	size_t			 len;
	int			 rc;

	if (practice->base_url[0] == '\0') {
		snprintf(message, size, "%s", no_address);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if ((rc = db_client_get(db, ids[i], who->scope_staff_id, &c)) == -1)
			return -1;
		if (rc == 0)
			continue;
		counts[invite_one(db, cfg, practice, who, &c, link, sizeof(link))]++;
		client_free(&c);
		if (counts[INVITE_FAILED] > 0)
			return -1;
	}
	len = (size_t)snprintf(message, size, "%lld invitation%s sent.",
	    counts[INVITED] + counts[INVITED_AGAIN],
	    counts[INVITED] + counts[INVITED_AGAIN] == 1 ? "" : "s");
#define SKIPPED(k, what) \
	if (counts[k] > 0 && len < size) \
		len += (size_t)snprintf(message + len, size - len, " %lld skipped: %s.", \
		    counts[k], what)
	SKIPPED(REFUSED_INACTIVE, "inactive, reactivate them first");
	SKIPPED(REFUSED_REGISTERED, "already registered");
	SKIPPED(REFUSED_LIMIT, "5 invitations in the last 24 hours already");
	SKIPPED(REFUSED_MAIL, "an address mail cannot be sent to");
#undef SKIPPED
	return counts[INVITED] + counts[INVITED_AGAIN];
}

long long
invitations_bulk(struct request *r, const long long *ids, long long n, char *message,
    size_t size)
{
	const struct inviter	 who = { r->user.id, r->ip, clients_scope(r) };

	return invitations_send(r->db, r->cfg, &r->practice, &who, ids, n, message, size);
}

/* The page of a valid invitation: the practice, the email the client will sign in with
 * (fixed: the record's, should staff have corrected it since sending), the password form. */
static void
accept_page(struct request *r, const char *email)
{
	char	 action[128];

	if (page_ensure_session(r) == -1) {
		page_db_error(r);
		return;
	}
	snprintf(action, sizeof(action), "/portal/invite/%s", strrchr(r->path.data, '/') + 1);
	view_set(r->hdf, action, "SetPassword.Action");
	view_set(r->hdf, email, "SetPassword.Email");
	view_set(r->hdf, "invite", "SetPassword.Mode");
	page_form_to_view(r);
	page_render_portal(r, "portal/set_password.cs", "Join the portal");
}

/* An invitation's token and client, checked: 1 usable, 0 after answering (the token page,
 * or suspended access), -1 on a database error. */
static int
invitation_check(struct request *r, struct token_row *t, struct client *c)
{
	int	 rc;

	if (db_token_find(r->db, TOKEN_INVITE, strrchr(r->path.data, '/') + 1, t) == -1)
		return -1;
	if (t->state != TOKEN_VALID) {
		portal_token_page(r, TOKEN_INVITE, t->state);
		return 0;
	}
	if ((rc = db_client_get(r->db, t->subject_id, 0, c)) == -1)
		return -1;
	if (rc == 0) {
		portal_token_page(r, TOKEN_INVITE, TOKEN_UNKNOWN);
		return 0;
	}
	if (c->status == CLIENT_INACTIVE) {
		client_free(c);
		view_set(r->hdf, "Your access to the portal is suspended. Please contact the "
		    "practice.", "Token.Problem");
		r->resp.status = 403;
		page_render_portal(r, "portal/token.cs", "Access suspended");
		return 0;
	}
	return 1;
}

void
invitation_open(struct request *r)
{
	struct token_row	 t;
	struct client		 c;
	int			 rc;

	if ((rc = invitation_check(r, &t, &c)) == -1) {
		page_db_error(r);
		return;
	}
	if (rc == 0)
		return;
	accept_page(r, c.v[CF_EMAIL]);
	client_free(&c);
}

void
invitation_accept(struct request *r)
{
	struct form		*f = &r->form;
	struct token_row	 t;
	struct client		 c;
	char			 hash[CRYPTO_HASH_MAX];
	int			 rc, changed, spent;

	if (db_begin(r->db) == -1 || (rc = invitation_check(r, &t, &c)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(r->db);
		return;
	}
	password_form_check(f, r->cfg, SETPW_PASSWORD, SETPW_CONFIRM, c.v[CF_EMAIL],
	    "This does not match the password.");
	if (f->nerrors > 0) {
		db_rollback(r->db);
		r->resp.status = 422;
		accept_page(r, c.v[CF_EMAIL]);
		client_free(&c);
		return;
	}
	if (crypto_password_hash(f->v[SETPW_PASSWORD].text, 0, hash) == -1) {
		db_rollback(r->db);
		client_free(&c);
		page_error(r, 500, NULL);
		return;
	}
	if (db_token_spend(r->db, t.id, &spent) == -1 || !spent ||
	    db_portal_account_set(r->db, c.id, hash) == -1 ||
	    db_client_set_status(r->db, c.id, CLIENT_ACTIVE, &changed) == -1 ||
	    db_commit(r->db) == -1) {
		client_free(&c);
		goto fail;
	}
	client_free(&c);
	if (portal_session_start(r, t.subject_id) == -1) {
		page_db_error(r);
		return;
	}
	audit_write(r, "portal_registered", "client", t.subject_id, "invitation");
	page_flash_redirect(r, "success", "Welcome! Your portal account is ready.", "/portal");
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}
