/* account.c: a signed-in staff member's own account: changing the password */
#include "config.h"

#include <string.h>

#include "app.h"
#include "crypto.h"

const struct form_field account_password_fields[PASSWORD__MAX] = {
	{ "current_password", FORM_PASSWORD, FORM_REQUIRED, 1024, 0, 0, "Current password" },
	{ "new_password",     FORM_PASSWORD, FORM_REQUIRED, 1024, 0, 0, "New password" },
	{ "confirm_password", FORM_PASSWORD, FORM_REQUIRED, 1024, 0, 0, "Confirm new password" },
};

enum stmt {
	STMT_HASH,
	STMT_SET_HASH,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_HASH */
	"SELECT password_hash FROM staff WHERE id = ?",
	/* STMT_SET_HASH */
	"UPDATE staff SET password_hash = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
};

void
account_password_form(struct request *r)
{
	page_render(r, "password.cs", "Change password");
}

static void
show_errors(struct request *r)
{
	r->resp.status = 422;
	page_form_to_view(r);
	page_render(r, "password.cs", "Change password");
}

void
account_password_submit(struct request *r)
{
	struct db_query	 q;
	struct form	*f = &r->form;
	const char	*fresh = f->v[PASSWORD_NEW].text;
	char		 stored[CRYPTO_HASH_MAX + 1] = "", hash[CRYPTO_HASH_MAX];
	int		 rc;

	password_form_check(f, r->cfg, PASSWORD_NEW, PASSWORD_CONFIRM, r->user.email,
	    "This does not match the new password.");
	if (f->nerrors > 0) {
		show_errors(r);
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_HASH]);
	db_bind_int(&q, r->user.id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	if ((rc = db_query_next(&q)) == 1)
		strncpy(stored, db_col_str(&q, 0), sizeof(stored) - 1);
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	if (!crypto_password_verify(f->v[PASSWORD_CURRENT].text, stored)) {
		form_error(f, PASSWORD_CURRENT, "This is not your current password.");
		audit_write(r, "password_change_failed", "staff", r->user.id, NULL);
		show_errors(r);
		return;
	}
	if (crypto_password_hash(fresh, 0, hash) == -1) {
		page_error(r, 500, NULL);
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_SET_HASH]);
	db_bind_text(&q, hash);
	db_bind_int(&q, r->user.id);
	if (db_exec(&q, NULL) == -1) {
		page_db_error(r);
		return;
	}
	/* Anyone else signed in with the old password is signed out. */
	if (session_destroy_user(r->db, SESSION_STAFF, r->user.id, r->session.id) == -1) {
		page_db_error(r);
		return;
	}
	audit_write(r, "password_changed", "staff", r->user.id, NULL);
	page_flash_redirect(r, "success", "Your password has been changed.", "/");
}
