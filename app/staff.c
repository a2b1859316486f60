/* staff.c: the practice's team: staff accounts, and "casebook staff add" */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "app.h"
#include "crypto.h"
#include "log.h"

const char *const staff_roles[STAFF__MAX] = {
	"admin",	/* STAFF_ADMIN */
	"clinician",	/* STAFF_CLINICIAN */
};

enum stmt {
	STMT_LOAD,
	STMT_EXISTS,
	STMT_ADD,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LOAD */
	"SELECT id, name, email, role FROM staff WHERE id = ? AND active = 1",
	/* STMT_EXISTS */
	"SELECT COUNT(*) FROM staff WHERE email = ?",
	/* STMT_ADD */
	"INSERT INTO staff (email, name, role, password_hash, active, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
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
	const char	*email = NULL, *name = NULL, *role = NULL;
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
		if (read_password(password, sizeof(password)) == -1 || strlen(password) < 10) {
			fprintf(stderr, "casebook: the password (from standard input) must be at "
			    "least 10 characters\n");
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
	OPENSSL_cleanse(password, sizeof(password));
	db_free(db);
	return status;
}
