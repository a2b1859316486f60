/* staff.c: the practice's team: staff accounts, the admin page that manages them
 * (/admin/staff), and "casebook staff add" */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "app.h"
#include "buf.h"
#include "clientdb.h"
#include "crypto.h"
#include "log.h"

const char *const staff_roles[STAFF__MAX] = {
	"admin",	/* STAFF_ADMIN */
	"clinician",	/* STAFF_CLINICIAN */
};

static const char *const staff_role_labels[STAFF__MAX] = {
	"Administrator",	/* STAFF_ADMIN */
	"Clinician",		/* STAFF_CLINICIAN */
};

const struct form_field staff_add_fields[SADD__MAX] = {
	{ "name",  FORM_LINE,  FORM_REQUIRED, 200, 0, 0, "Name" },
	{ "email", FORM_EMAIL, FORM_REQUIRED, 254, 0, 0, "Email" },
	{ "role",  FORM_TOKEN, FORM_REQUIRED, 16,  0, 0, "Role" },
};

const struct form_field staff_role_fields[SROLE__MAX] = {
	{ "role",  FORM_TOKEN, FORM_REQUIRED, 16,  0, 0, "Role" },
};

enum stmt {
	STMT_LOAD,
	STMT_OPTIONS,
	STMT_EXISTS,
	STMT_ADD,
	STMT_LIST,
	STMT_GET,
	STMT_ACTIVE_ADMINS,
	STMT_SET_ROLE,
	STMT_SET_ACTIVE,
	STMT_ASSIGNED,
	STMT_UNASSIGN,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LOAD */
	"SELECT id, name, email, role FROM staff WHERE id = ? AND active = 1",
	/* STMT_OPTIONS */
	"SELECT id, name, role FROM staff WHERE active = 1 ORDER BY name",
	/* STMT_EXISTS */
	"SELECT COUNT(*) FROM staff WHERE email = ?",
	/* STMT_ADD */
	"INSERT INTO staff (email, name, role, password_hash, active, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_LIST: everyone, with their clients and their last sign-in */
	"SELECT s.id, s.name, s.email, s.role, s.active, "
	"(SELECT COUNT(*) FROM clients c WHERE c.assigned_staff_id = s.id), "
	"COALESCE((SELECT MAX(a.at) FROM audit_log a WHERE a.object_kind = 'staff' "
	"AND a.object_id = s.id AND a.action = 'signin'), '') "
	"FROM staff s ORDER BY s.active DESC, s.name, s.id",
	/* STMT_GET: active or not, locked until the change is made */
	"SELECT id, name, role, active FROM staff WHERE id = ? FOR UPDATE",
	/* STMT_ACTIVE_ADMINS: locks what it reads, in one order for everyone, so two admins
	 * demoting each other at the same moment cannot both succeed */
	"SELECT COUNT(*) FROM staff WHERE role = 'admin' AND active = 1 FOR UPDATE",
	/* STMT_SET_ROLE */
	"UPDATE staff SET role = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_SET_ACTIVE */
	"UPDATE staff SET active = ?, updated_at = UTC_TIMESTAMP() WHERE id = ? AND active <> ?",
	/* STMT_ASSIGNED */
	"SELECT id FROM clients WHERE assigned_staff_id = ? ORDER BY id FOR UPDATE",
	/* STMT_UNASSIGN */
	"UPDATE clients SET assigned_staff_id = NULL, updated_at = UTC_TIMESTAMP() "
	"WHERE assigned_staff_id = ?",
};

/* One staff member as the admin page acts on them, active or not. */
struct staff_member {
	long long	 id;
	char		 name[801];	/* 200 characters of up to 4 bytes */
	enum staff_role	 role;
	int		 active;
};

int
staff_load(struct db *db, long long id, struct staff_user *u)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, db, stmts[STMT_LOAD]);
	db_bind_int(&q, id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		u->id = db_col_int(&q, 0);
		snprintf(u->name, sizeof(u->name), "%s", db_col_str(&q, 1));
		snprintf(u->email, sizeof(u->email), "%s", db_col_str(&q, 2));
		u->role = strcmp(db_col_str(&q, 3), "admin") == 0 ? STAFF_ADMIN : STAFF_CLINICIAN;
	}
	db_query_end(&q);
	return rc;
}

/* 1 when s names a role, setting *out. */
static int
role_parse(const char *s, enum staff_role *out)
{
	int	 i;

	for (i = 0; i < STAFF__MAX; i++)
		if (strcmp(s, staff_roles[i]) == 0) {
			*out = (enum staff_role)i;
			return 1;
		}
	return 0;
}

/* Lock and load staff member id, active or not (inside a transaction): 1 found, 0 not,
 * -1 error. */
static int
member_get(struct db *db, long long id, struct staff_member *m)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, db, stmts[STMT_GET]);
	db_bind_int(&q, id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		m->id = db_col_int(&q, 0);
		snprintf(m->name, sizeof(m->name), "%s", db_col_str(&q, 1));
		m->role = strcmp(db_col_str(&q, 2), "admin") == 0 ? STAFF_ADMIN : STAFF_CLINICIAN;
		m->active = db_col_int(&q, 3) != 0;
	}
	db_query_end(&q);
	return rc;
}

/* Lock the staff table's admins, then the member named in the path: 1 loaded (inside an
 * open transaction, *others set to the number of active admins besides them), 0 after
 * answering (404 or a database error). */
static int
member_begin(struct request *r, struct staff_member *m, long long *others)
{
	struct db_query	 q;
	int		 rc;

	if (db_begin(r->db) == -1) {
		page_db_error(r);
		return 0;
	}
	db_query_init(&q, r->db, stmts[STMT_ACTIVE_ADMINS]);
	if (db_scalar_int(&q, others) == -1 || (rc = member_get(r->db, r->ids[0], m)) == -1) {
		db_rollback(r->db);
		page_db_error(r);
		return 0;
	}
	if (rc == 0) {
		db_rollback(r->db);
		page_error(r, 404, NULL);
		return 0;
	}
	if (m->active && m->role == STAFF_ADMIN)
		(*others)--;
	return 1;
}

/* Commit what member_begin started: 0, or -1 after answering with the error. */
static int
member_commit(struct request *r)
{
	if (db_commit(r->db) == -1) {
		db_rollback(r->db);
		page_db_error(r);
		return -1;
	}
	return 0;
}

/* Give up what member_begin started, with a message on the staff page. */
static void
member_refuse(struct request *r, const char *kind, const char *message)
{
	db_rollback(r->db);
	page_flash_redirect(r, kind, message, "/admin/staff");
}

/* The list of the team and the form to add a member, with status (422 after a refused
 * form, its messages already in r->form). */
static void
render_staff(struct request *r, int status)
{
	struct db_query	 q;
	enum staff_role	 role;
	char		 when[64], url[64];
	int		 i = 0, k, rc;

	db_query_init(&q, r->db, stmts[STMT_LIST]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		page_db_error(r);
		return;
	}
	while ((rc = db_query_next(&q)) == 1) {
		role = strcmp(db_col_str(&q, 3), "admin") == 0 ? STAFF_ADMIN : STAFF_CLINICIAN;
		view_set(r->hdf, db_col_str(&q, 0), "Staff.Members.%d.Id", i);
		view_set(r->hdf, db_col_str(&q, 1), "Staff.Members.%d.Name", i);
		view_set(r->hdf, db_col_str(&q, 2), "Staff.Members.%d.Email", i);
		view_set(r->hdf, staff_roles[role], "Staff.Members.%d.Role", i);
		view_set(r->hdf, staff_role_labels[role], "Staff.Members.%d.RoleLabel", i);
		if (db_col_int(&q, 4) != 0)
			view_set(r->hdf, "1", "Staff.Members.%d.Active", i);
		view_set(r->hdf, db_col_str(&q, 5), "Staff.Members.%d.Clients", i);
		snprintf(url, sizeof(url), "/clients?staff=%lld", db_col_int(&q, 0));
		view_set(r->hdf, url, "Staff.Members.%d.ClientsUrl", i);
		if (*db_col_str(&q, 6) != '\0') {
			page_format_time(r, db_col_str(&q, 6), when, sizeof(when));
			view_set(r->hdf, when, "Staff.Members.%d.LastSignIn", i);
		}
		if (db_col_int(&q, 0) == r->user.id)
			view_set(r->hdf, "1", "Staff.Members.%d.IsSelf", i);
		i++;
	}
	db_query_end(&q);
	if (rc == -1) {
		page_db_error(r);
		return;
	}
	view_set_int(r->hdf, i, "Staff.Count");
	for (k = 0; k < STAFF__MAX; k++) {
		view_set(r->hdf, staff_roles[k], "Roles.%d.Key", k);
		view_set(r->hdf, staff_role_labels[k], "Roles.%d.Label", k);
	}
	if (r->form.nerrors > 0)
		view_set(r->hdf, "The new account was not created: see the messages below.",
		    "Form.Error");
	if (view_get(r->hdf, "Form.role.Value") == NULL ||
	    *view_get(r->hdf, "Form.role.Value") == '\0')
		view_set(r->hdf, staff_roles[STAFF_CLINICIAN], "Form.role.Value");
	r->resp.status = status;
	page_render(r, "staff.cs", "Staff");
}

void
staff_list(struct request *r)
{
	render_staff(r, 200);
}

/* The first bytes of s, at most max, ending on a whole UTF-8 character. */
static int
utf8_prefix(const char *s, int max)
{
	int	 n = (int)strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

void
staff_add_submit(struct request *r)
{
	struct form	*f = &r->form;
	struct db_query	 q;
	enum staff_role	 role = STAFF_CLINICIAN;
	const char	*name = f->v[SADD_NAME].text, *email = f->v[SADD_EMAIL].text;
	char		 password[64], hash[CRYPTO_HASH_MAX], message[512];
	long long	 taken, id;

	if (f->v[SADD_ROLE].present && !role_parse(f->v[SADD_ROLE].text, &role))
		form_error(f, SADD_ROLE, "Choose Administrator or Clinician.");
	if (f->v[SADD_EMAIL].present && f->v[SADD_EMAIL].error == NULL) {
		/* the column's collation compares case-insensitively */
		db_query_init(&q, r->db, stmts[STMT_EXISTS]);
		db_bind_text(&q, email);
		if (db_scalar_int(&q, &taken) == -1) {
			page_db_error(r);
			return;
		}
		if (taken)
			form_error(f, SADD_EMAIL, "A team member already uses this email address.");
	}
	if (f->nerrors > 0) {
		page_form_to_view(r);
		render_staff(r, 422);
		return;
	}
	/* Nobody chooses this one: 20 random characters, past anything password_problem()
	 * refuses; the member chooses their own on /account/password. */
	if (crypto_password_generate(password, sizeof(password)) == -1 ||
	    crypto_password_hash(password, 0, hash) == -1) {
		OPENSSL_cleanse(password, sizeof(password));
		page_error(r, 500, NULL);
		return;
	}
	db_mark(r->db, CHANGED_SETTINGS);
	db_query_init(&q, r->db, stmts[STMT_ADD]);
	db_bind_text(&q, email);
	db_bind_text(&q, name);
	db_bind_text(&q, staff_roles[role]);
	db_bind_text(&q, hash);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		OPENSSL_cleanse(password, sizeof(password));
		if (db_errno(r->db) == 1062) {
			/* added by someone else a moment ago */
			form_error(f, SADD_EMAIL, "A team member already uses this email address.");
			page_form_to_view(r);
			render_staff(r, 422);
		} else
			page_db_error(r);
		return;
	}
	id = (long long)q.insert_id;
	db_query_end(&q);
	audit_write(r, "staff_added", "staff", id, staff_roles[role]);
	/* The only time the password is shown; a very long name is shortened so that the
	 * message always has room for it. */
	snprintf(message, sizeof(message), "Account created for %.*s. Their temporary password "
	    "is: %s. It will not be shown again: pass it on privately and ask them to change it "
	    "when they first sign in.", utf8_prefix(name, 160), name, password);
	OPENSSL_cleanse(password, sizeof(password));
	page_flash_redirect(r, "success", message, "/admin/staff");
	OPENSSL_cleanse(message, sizeof(message));
}

void
staff_role_submit(struct request *r)
{
	struct staff_member	 m;
	struct db_query		 q;
	enum staff_role		 role;
	char			 message[1000], detail[64];
	long long		 others;

	if (!role_parse(r->form.v[SROLE_ROLE].text, &role)) {
		page_error(r, 400, "This role does not exist.");
		return;
	}
	if (!member_begin(r, &m, &others))
		return;
	if (m.role == role) {
		snprintf(message, sizeof(message), "%s is already %s.", m.name,
		    role == STAFF_ADMIN ? "an administrator" : "a clinician");
		member_refuse(r, "info", message);
		return;
	}
	if (m.active && m.role == STAFF_ADMIN && others == 0) {
		snprintf(message, sizeof(message), "%s is the only active administrator. Make "
		    "someone else an administrator first.", m.name);
		member_refuse(r, "error", message);
		return;
	}
	db_mark(r->db, CHANGED_SETTINGS);
	db_query_init(&q, r->db, stmts[STMT_SET_ROLE]);
	db_bind_text(&q, staff_roles[role]);
	db_bind_int(&q, m.id);
	if (db_exec(&q, NULL) == -1) {
		db_rollback(r->db);
		page_db_error(r);
		return;
	}
	snprintf(detail, sizeof(detail), "%s to %s", staff_roles[m.role], staff_roles[role]);
	audit_write(r, "staff_role_changed", "staff", m.id, detail);
	if (member_commit(r) == -1)
		return;
	snprintf(message, sizeof(message), "%s is now %s.", m.name,
	    role == STAFF_ADMIN ? "an administrator" : "a clinician");
	/* Someone who just gave up their own administrator role can no longer see this page. */
	page_flash_redirect(r, "success", message, m.id == r->user.id ? "/" : "/admin/staff");
}

void
staff_deactivate(struct request *r)
{
	struct staff_member	 m;
	struct db_query		 q;
	char			 message[1000], detail[64];
	struct buf		 clients = { NULL, 0, 0 };
	long long		 others, unassigned = 0;
	int			 rc;

	if (r->ids[0] == r->user.id) {
		page_flash_redirect(r, "error", "You cannot deactivate your own account.",
		    "/admin/staff");
		return;
	}
	if (!member_begin(r, &m, &others))
		return;
	if (!m.active) {
		snprintf(message, sizeof(message), "%s is already deactivated.", m.name);
		member_refuse(r, "info", message);
		return;
	}
	if (m.role == STAFF_ADMIN && others == 0) {
		snprintf(message, sizeof(message), "%s is the only active administrator and cannot "
		    "be deactivated.", m.name);
		member_refuse(r, "error", message);
		return;
	}
	db_mark(r->db, CHANGED_SETTINGS);
	db_query_init(&q, r->db, stmts[STMT_SET_ACTIVE]);
	db_bind_int(&q, 0);
	db_bind_int(&q, m.id);
	db_bind_int(&q, 0);
	if (db_exec(&q, NULL) == -1)
		goto fail;
	/* Their clients are left without a clinician: each client's history says so. */
	db_query_init(&q, r->db, stmts[STMT_ASSIGNED]);
	db_bind_int(&q, m.id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto fail;
	}
	buf_putc(&clients, '[');
	while ((rc = db_query_next(&q)) == 1) {
		audit_write(r, "client_assigned", "client", db_col_int(&q, 0),
		    "unassigned: staff member deactivated");
		buf_printf(&clients, "%s%lld", unassigned ? "," : "", db_col_int(&q, 0));
		unassigned++;
	}
	db_query_end(&q);
	if (rc == -1 || buf_putc(&clients, ']') == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_UNASSIGN]);
	db_bind_int(&q, m.id);
	if (db_exec(&q, NULL) == -1 || db_clients_sync(r->db, clients.data) == -1)
		goto fail;
	if (session_destroy_user(r->db, SESSION_STAFF, m.id, 0) == -1)
		goto fail;
	snprintf(detail, sizeof(detail), "%lld client%s unassigned", unassigned,
	    unassigned == 1 ? "" : "s");
	audit_write(r, "staff_deactivated", "staff", m.id, detail);
	buf_free(&clients);
	if (member_commit(r) == -1)
		return;
	if (unassigned == 0)
		snprintf(message, sizeof(message), "%s was deactivated and signed out. No clients "
		    "were assigned to them.", m.name);
	else
		snprintf(message, sizeof(message), "%s was deactivated and signed out. %lld "
		    "client%s became unassigned.", m.name, unassigned, unassigned == 1 ? "" : "s");
	page_flash_redirect(r, "success", message, "/admin/staff");
	return;
fail:
	db_rollback(r->db);
	buf_free(&clients);
	page_db_error(r);
}

void
staff_reactivate(struct request *r)
{
	struct staff_member	 m;
	struct db_query		 q;
	char			 message[1000];
	long long		 others;

	if (!member_begin(r, &m, &others))
		return;
	if (m.active) {
		snprintf(message, sizeof(message), "%s is already active.", m.name);
		member_refuse(r, "info", message);
		return;
	}
	db_mark(r->db, CHANGED_SETTINGS);
	db_query_init(&q, r->db, stmts[STMT_SET_ACTIVE]);
	db_bind_int(&q, 1);
	db_bind_int(&q, m.id);
	db_bind_int(&q, 1);
	if (db_exec(&q, NULL) == -1) {
		db_rollback(r->db);
		page_db_error(r);
		return;
	}
	audit_write(r, "staff_reactivated", "staff", m.id, NULL);
	if (member_commit(r) == -1)
		return;
	snprintf(message, sizeof(message), "%s was reactivated and can sign in again.", m.name);
	page_flash_redirect(r, "success", message, "/admin/staff");
}

/* The active staff as this process read them last, and the settings version they were read
 * at (a change of the staff raises it). */
struct staff_option {
	long long	 id;
	char		*name;
	char		 role[16];
};
static struct staff_option	*options;
static size_t			 noptions;
static unsigned long long	 options_version;
static int			 options_valid;

static void
options_forget(void)
{
	size_t	 i;

	for (i = 0; i < noptions; i++)
		free(options[i].name);
	free(options);
	options = NULL;
	noptions = 0;
	options_valid = 0;
}

/* Read the active staff into options; 0 or -1. */
static int
options_read(struct db *db)
{
	struct db_query		 q;
	struct staff_option	*grown;
	size_t			 cap = 0;
	int			 rc;

	options_forget();
	db_query_init(&q, db, stmts[STMT_OPTIONS]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		if (noptions == cap) {
			cap = cap ? cap * 2 : 16;
			if ((grown = reallocarray(options, cap, sizeof(*options))) == NULL) {
				log_error("out of memory");
				exit(1);
			}
			options = grown;
		}
		options[noptions].id = db_col_int(&q, 0);
		if ((options[noptions].name = strdup(db_col_str(&q, 1))) == NULL) {
			log_error("out of memory");
			exit(1);
		}
		snprintf(options[noptions].role, sizeof(options[noptions].role), "%s",
		    db_col_str(&q, 2));
		noptions++;
	}
	db_query_end(&q);
	if (rc == -1) {
		options_forget();
		return -1;
	}
	return 0;
}

int
staff_options_to_view(struct request *r, struct db *db, const char *prefix,
    long long selected)
{
	size_t	 i;

	/* Read at this request's settings version or later: a change since shows as a newer
	 * version on the next request, which reads them again. */
	if (!r->has_practice || !options_valid || options_version != r->practice.version) {
		if (options_read(db) == -1)
			return -1;
		options_valid = r->has_practice;
		options_version = r->practice.version;
	}
	for (i = 0; i < noptions; i++) {
		view_set_int(r->hdf, options[i].id, "%s.%zu.Id", prefix, i);
		view_set(r->hdf, options[i].name, "%s.%zu.Name", prefix, i);
		view_set(r->hdf, options[i].role, "%s.%zu.Role", prefix, i);
		if (options[i].id == selected)
			view_set(r->hdf, "1", "%s.%zu.Selected", prefix, i);
	}
	return 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: casebook staff add -c FILE (--admin | --clinician) --email EMAIL "
	    "--name NAME [--password-stdin]\n");
	return 2;
}

/* Read one line from standard input into out, without the line break; 0 or -1. */
static int
read_password(char *out, size_t size)
{
	size_t	 len;

	if (fgets(out, (int)size, stdin) == NULL)
		return -1;
	len = strlen(out);
	if (len > 0 && out[len - 1] == '\n')
		out[--len] = '\0';
	if (len > 0 && out[len - 1] == '\r')
		out[--len] = '\0';
	return 0;
}

int
staff_command(const struct config *cfg, int argc, char **argv)
{
	struct db_config dc;
	struct db	*db = NULL;
	struct db_query	 q;
	const char	*email = NULL, *name = NULL, *role = NULL, *problem;
	char		 password[1100], hash[CRYPTO_HASH_MAX];
	long long	 exists, id;
	int		 i, from_stdin = 0, generated = 0, status = 1;

	if (argc < 1 || strcmp(argv[0], "add") != 0)
		return usage();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--admin") == 0)
			role = "admin";
		else if (strcmp(argv[i], "--clinician") == 0)
			role = "clinician";
		else if (strcmp(argv[i], "--email") == 0 && i + 1 < argc)
			email = argv[++i];
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--password-stdin") == 0)
			from_stdin = 1;
		else
			return usage();
	}
	if (role == NULL || email == NULL || name == NULL)
		return usage();
	if (!form_email_valid(email)) {
		fprintf(stderr, "casebook: \"%s\" is not a valid email address\n", email);
		return 2;
	}
	if (*name == '\0' || strlen(name) > 200) {
		fprintf(stderr, "casebook: the name must be 1 to 200 characters\n");
		return 2;
	}
	if (from_stdin) {
		if (read_password(password, sizeof(password)) == -1) {
			fprintf(stderr, "casebook: no password on standard input\n");
			return 2;
		}
		/* the policy of every form that sets a password */
		if ((problem = password_problem(cfg, password, email)) != NULL) {
			OPENSSL_cleanse(password, sizeof(password));
			fprintf(stderr, "casebook: the password (from standard input) was "
			    "refused: %s\n", problem);
			return 2;
		}
	} else {
		if (crypto_password_generate(password, sizeof(password)) == -1) {
			fprintf(stderr, "casebook: no random numbers\n");
			return 1;
		}
		generated = 1;
	}
	config_db(cfg, &dc);
	if ((db = db_new(&dc)) == NULL || db_connect(db) == -1) {
		fprintf(stderr, "casebook: cannot connect to the database (see the log above)\n");
		goto out;
	}
	db_query_init(&q, db, stmts[STMT_EXISTS]);
	db_bind_text(&q, email);
	if (db_scalar_int(&q, &exists) == -1)
		goto out;
	if (exists) {
		fprintf(stderr, "casebook: a staff account with the email %s already exists\n",
		    email);
		goto out;
	}
	if (crypto_password_hash(password, 0, hash) == -1)
		goto out;
	db_mark(db, CHANGED_SETTINGS);
	db_query_init(&q, db, stmts[STMT_ADD]);
	db_bind_text(&q, email);
	db_bind_text(&q, name);
	db_bind_text(&q, role);
	db_bind_text(&q, hash);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		fprintf(stderr, "casebook: the account could not be saved\n");
		goto out;
	}
	id = (long long)q.insert_id;
	db_query_end(&q);
	audit_write_system(db, "staff_added", "staff", id, role);
	if (generated)
		printf("password: %s\n", password);
	fprintf(stderr, "casebook: %s account %s created\n", role, email);
	status = 0;
out:
	/* every worker's "assigned to" lists show the new member */
	if (db != NULL && listcache_publish(db) == -1)
		fprintf(stderr, "casebook: the practice's version could not be raised\n");
	OPENSSL_cleanse(password, sizeof(password));
	db_free(db);
	return status;
}
