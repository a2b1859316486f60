/* password.c: the one password policy, for staff and clients alike */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "log.h"

#define PASSWORD_MIN		10	/* characters */
#define COMMON_PASSWORDS	"common-passwords.txt"	/* in Paths.Sql */

/* 1 when password is one of the common passwords shipped in Paths.Sql (compared without
 * regard to case), 0 when not or when the list cannot be read (logged). */
static int
password_common(const struct config *cfg, const char *password)
{
	FILE	*f;
	char	 path[4096], line[256];
	size_t	 n;
	int	 found = 0;

	snprintf(path, sizeof(path), "%s/%s", cfg->sql_dir, COMMON_PASSWORDS);
	if ((f = fopen(path, "r")) == NULL) {
		log_warn("%s cannot be read: common passwords are not refused", path);
		return 0;
	}
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n > 0 && line[0] != '#' && strcasecmp(line, password) == 0)
			found = 1;
	}
	fclose(f);
	return found;
}

const char *
password_problem(const struct config *cfg, const char *password, const char *email)
{
	if (form_utf8_length(password) < PASSWORD_MIN)
		return "Use at least 10 characters.";
	if (email != NULL && strcasecmp(password, email) == 0)
		return "Choose something other than your email address.";
	if (password_common(cfg, password))
		return "This is one of the most common passwords. Choose one that is harder to "
		    "guess.";
	return NULL;
}

void
password_form_check(struct form *f, const struct config *cfg, size_t field, size_t confirm,
    const char *email, const char *mismatch)
{
	const char	*problem;

	if (f->v[field].present &&
	    (problem = password_problem(cfg, f->v[field].text, email)) != NULL)
		form_error(f, field, problem);
	if (f->v[field].present && f->v[confirm].present &&
	    strcmp(f->v[field].text, f->v[confirm].text) != 0)
		form_error(f, confirm, mismatch);
}
