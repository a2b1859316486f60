/* routes.c: the one table of every page: method, path, who may ask, handler, declared fields */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

static const struct route routes[] = {
	{ HTTP_GET,  "/healthz",          ROLE_NONE,   health_live,             NULL, 0 },
	{ HTTP_GET,  "/readyz",           ROLE_NONE,   health_ready,            NULL, 0 },
	{ HTTP_GET,  "/_error/413",       ROLE_NONE,   health_too_large,        NULL, 0 },
	{ HTTP_GET,  "/login",            ROLE_PUBLIC, signin_form,
	  signin_query_fields, SIGNIN_QUERY__MAX },
	{ HTTP_POST, "/login",            ROLE_PUBLIC, signin_submit,
	  signin_fields, SIGNIN__MAX },
	{ HTTP_POST, "/logout",           ROLE_PUBLIC, signin_signout,          NULL, 0 },
	{ HTTP_GET,  "/",                 ROLE_STAFF,  home_show,               NULL, 0 },
	{ HTTP_GET,  "/account/password", ROLE_STAFF,  account_password_form,   NULL, 0 },
	{ HTTP_POST, "/account/password", ROLE_STAFF,  account_password_submit,
	  account_password_fields, PASSWORD__MAX },
	{ HTTP_GET,  "/admin/audit",      ROLE_ADMIN,  audit_show,
	  audit_fields, AUDIT__MAX },
	{ HTTP_GET,  "/admin/jobs",       ROLE_ADMIN,  jobs_list,
	  jobs_fields, JOBS__MAX },
	{ HTTP_POST, "/admin/jobs/#/retry", ROLE_ADMIN, job_retry,              NULL, 0 },

	/* the client directory (clients.c) and one client's profile (profile.c) */
	{ HTTP_GET,  "/clients",            ROLE_STAFF, clients_list,
	  client_list_fields, LIST__MAX },
	{ HTTP_GET,  "/clients/export.csv", ROLE_ADMIN, clients_export,
	  client_list_fields, LIST__MAX },
	{ HTTP_POST, "/clients/bulk",       ROLE_STAFF, clients_bulk,
	  client_bulk_fields, BULK__MAX },
	{ HTTP_GET,  "/clients/new",        ROLE_STAFF, client_new_form,        NULL, 0 },
	{ HTTP_POST, "/clients/new",        ROLE_STAFF, client_new_submit,
	  client_form_fields, CFORM__MAX },
	/* importing clients (import.c) */
	{ HTTP_GET,  "/clients/import",     ROLE_ADMIN, import_page,            NULL, 0 },
	{ HTTP_POST, "/clients/import",     ROLE_ADMIN, import_upload,          NULL, 0 },
	{ HTTP_GET,  "/clients/import/template.csv", ROLE_ADMIN, import_template, NULL, 0 },
	{ HTTP_GET,  "/clients/import/#",   ROLE_ADMIN, import_show,            NULL, 0 },
	{ HTTP_POST, "/clients/import/#/mapping", ROLE_ADMIN, import_map,
	  import_map_fields, IMAP__MAX },
	{ HTTP_GET,  "/clients/import/#/preview", ROLE_ADMIN, import_preview,   NULL, 0 },
	{ HTTP_POST, "/clients/import/#/start", ROLE_ADMIN, import_start,       NULL, 0 },
	{ HTTP_GET,  "/clients/import/#/problems.csv", ROLE_ADMIN, import_problems_csv, NULL, 0 },
	{ HTTP_GET,  "/clients/#",          ROLE_STAFF, profile_show,           NULL, 0 },
	{ HTTP_GET,  "/clients/#/notes",    ROLE_STAFF, notes_list,
	  notes_query_fields, NOTESQ__MAX },
	{ HTTP_GET,  "/clients/#/tasks",    ROLE_STAFF, tasks_list,             NULL, 0 },
	{ HTTP_GET,  "/clients/#/files",    ROLE_STAFF, files_tab,              NULL, 0 },
	{ HTTP_GET,  "/clients/#/payments", ROLE_STAFF, payments_tab,           NULL, 0 },
	{ HTTP_GET,  "/clients/#/edit",     ROLE_STAFF, profile_edit_form,      NULL, 0 },
	{ HTTP_POST, "/clients/#/edit",     ROLE_STAFF, profile_edit_submit,
	  client_form_fields, CFORM__MAX },
	{ HTTP_POST, "/clients/#/deactivate", ROLE_STAFF, profile_deactivate,
	  client_status_fields, CSTATUS__MAX },
	{ HTTP_POST, "/clients/#/reactivate", ROLE_STAFF, profile_reactivate,
	  client_status_fields, CSTATUS__MAX },
	{ HTTP_GET,  "/clients/#/delete",   ROLE_STAFF, profile_delete_form,    NULL, 0 },
	{ HTTP_POST, "/clients/#/delete",   ROLE_STAFF, profile_delete_submit,
	  client_delete_fields, CDEL__MAX },
	{ HTTP_POST, "/clients/#/tags",     ROLE_STAFF, profile_tag_add,
	  client_tag_fields, CTAG__MAX },
	{ HTTP_POST, "/clients/#/tags/#/remove", ROLE_STAFF, profile_tag_remove, NULL, 0 },
	{ HTTP_POST, "/clients/#/invite",   ROLE_STAFF, invitation_send,
	  client_status_fields, CSTATUS__MAX },
	{ HTTP_POST, "/clients/#/invite/revoke", ROLE_STAFF, invitation_revoke, NULL, 0 },

	/* notes and tasks (notes.c, tasks.c): the staff side, then the portal side */
	{ HTTP_POST, "/clients/#/notes",              ROLE_STAFF, note_create,
	  note_fields, NOTE__MAX },
	{ HTTP_GET,  "/clients/#/notes/#",            ROLE_STAFF, note_show,      NULL, 0 },
	{ HTTP_GET,  "/clients/#/notes/#/edit",       ROLE_STAFF, note_edit_form, NULL, 0 },
	{ HTTP_POST, "/clients/#/notes/#/edit",       ROLE_STAFF, note_edit_submit,
	  note_fields, NOTE__MAX },
	{ HTTP_POST, "/clients/#/notes/#/share",      ROLE_STAFF, note_share,
	  note_share_fields, NSHARE__MAX },
	{ HTTP_GET,  "/clients/#/notes/#/delete",     ROLE_STAFF, note_delete_form, NULL, 0 },
	{ HTTP_POST, "/clients/#/notes/#/delete",     ROLE_STAFF, note_delete_submit,
	  note_delete_fields, NDEL__MAX },
	{ HTTP_POST, "/clients/#/notes/#/comments",   ROLE_STAFF, note_comment_add,
	  comment_fields, COMMENT__MAX },
	{ HTTP_POST, "/clients/#/notes/#/comments/#/edit", ROLE_STAFF, note_comment_edit,
	  comment_fields, COMMENT__MAX },
	{ HTTP_POST, "/clients/#/notes/#/comments/#/delete", ROLE_STAFF, note_comment_delete,
	  NULL, 0 },
	{ HTTP_POST, "/clients/#/tasks",              ROLE_STAFF, task_create,
	  task_fields, TASK__MAX },
	{ HTTP_POST, "/clients/#/tasks/#/reopen",     ROLE_STAFF, task_reopen,    NULL, 0 },
	{ HTTP_GET,  "/portal/notes",                 ROLE_CLIENT, notes_list,
	  notes_query_fields, NOTESQ__MAX },
	{ HTTP_POST, "/portal/notes",                 ROLE_CLIENT, note_create,
	  note_fields, NOTE__MAX },
	{ HTTP_GET,  "/portal/notes/#",               ROLE_CLIENT, note_show,     NULL, 0 },
	{ HTTP_GET,  "/portal/notes/#/edit",          ROLE_CLIENT, note_edit_form, NULL, 0 },
	{ HTTP_POST, "/portal/notes/#/edit",          ROLE_CLIENT, note_edit_submit,
	  note_fields, NOTE__MAX },
	{ HTTP_POST, "/portal/notes/#/share",         ROLE_CLIENT, note_share,
	  note_share_fields, NSHARE__MAX },
	{ HTTP_GET,  "/portal/notes/#/delete",        ROLE_CLIENT, note_delete_form, NULL, 0 },
	{ HTTP_POST, "/portal/notes/#/delete",        ROLE_CLIENT, note_delete_submit,
	  note_delete_fields, NDEL__MAX },
	{ HTTP_POST, "/portal/notes/#/comments",      ROLE_CLIENT, note_comment_add,
	  comment_fields, COMMENT__MAX },
	{ HTTP_POST, "/portal/notes/#/comments/#/edit", ROLE_CLIENT, note_comment_edit,
	  comment_fields, COMMENT__MAX },
	{ HTTP_POST, "/portal/notes/#/comments/#/delete", ROLE_CLIENT, note_comment_delete,
	  NULL, 0 },
	{ HTTP_GET,  "/portal/tasks",                 ROLE_CLIENT, tasks_list,    NULL, 0 },
	{ HTTP_POST, "/portal/tasks",                 ROLE_CLIENT, task_create,
	  task_fields, TASK__MAX },
	{ HTTP_POST, "/portal/tasks/#/done",          ROLE_CLIENT, task_done,
	  task_done_fields, TDONE__MAX },
	{ HTTP_POST, "/portal/tasks/#/reopen",        ROLE_CLIENT, task_reopen,   NULL, 0 },

	/* files and payments (files.c, payments.c) */
	{ HTTP_POST, "/clients/#/files",            ROLE_STAFF, files_upload,
	  files_upload_fields, FUP__MAX },
	{ HTTP_GET,  "/clients/#/files/#",          ROLE_STAFF, files_download,   NULL, 0 },
	{ HTTP_POST, "/clients/#/files/#/share",    ROLE_STAFF, files_share,
	  files_share_fields, FSHARE__MAX },
	{ HTTP_POST, "/clients/#/files/#/delete",   ROLE_STAFF, files_delete,     NULL, 0 },
	{ HTTP_GET,  "/clients/#/payments.csv",     ROLE_STAFF, payments_export,  NULL, 0 },
	{ HTTP_POST, "/clients/#/sessions",         ROLE_STAFF, payments_session_add,
	  session_fields, SES__MAX },
	{ HTTP_POST, "/clients/#/payments",         ROLE_STAFF, payments_add,
	  payment_fields, PAY__MAX },
	{ HTTP_POST, "/clients/#/payments/#/paid",  ROLE_STAFF, payments_mark_paid, NULL, 0 },
	{ HTTP_GET,  "/portal/files",               ROLE_CLIENT, files_portal_list, NULL, 0 },
	{ HTTP_POST, "/portal/files",               ROLE_CLIENT, files_portal_upload, NULL, 0 },
	{ HTTP_GET,  "/portal/files/#",             ROLE_CLIENT, files_portal_download, NULL, 0 },
	{ HTTP_POST, "/portal/files/#/delete",      ROLE_CLIENT, files_portal_delete, NULL, 0 },
	{ HTTP_GET,  "/portal/payments",            ROLE_CLIENT, payments_portal,  NULL, 0 },

	/* the client portal (portal.c), invitations (invitations.c), registering (register.c);
	 * '*' is a token */
	{ HTTP_GET,  "/portal/login",       ROLE_PUBLIC, portal_signin_form,
	  signin_query_fields, SIGNIN_QUERY__MAX },
	{ HTTP_POST, "/portal/login",       ROLE_PUBLIC, portal_signin_submit,
	  signin_fields, SIGNIN__MAX },
	{ HTTP_POST, "/portal/logout",      ROLE_PUBLIC, portal_signout,        NULL, 0 },
	{ HTTP_GET,  "/portal",             ROLE_CLIENT, portal_home,           NULL, 0 },
	{ HTTP_GET,  "/portal/password",    ROLE_CLIENT, portal_password_form,  NULL, 0 },
	{ HTTP_POST, "/portal/password",    ROLE_CLIENT, portal_password_submit,
	  account_password_fields, PASSWORD__MAX },
	{ HTTP_GET,  "/portal/forgot",      ROLE_PUBLIC, portal_forgot_form,    NULL, 0 },
	{ HTTP_POST, "/portal/forgot",      ROLE_PUBLIC, portal_forgot_submit,
	  forgot_fields, FORGOT__MAX },
	{ HTTP_GET,  "/portal/reset/*",     ROLE_PUBLIC, portal_reset_form,     NULL, 0 },
	{ HTTP_POST, "/portal/reset/*",     ROLE_PUBLIC, portal_reset_submit,
	  set_password_fields, SETPW__MAX },
	{ HTTP_GET,  "/portal/invite/*",    ROLE_PUBLIC, invitation_open,       NULL, 0 },
	{ HTTP_POST, "/portal/invite/*",    ROLE_PUBLIC, invitation_accept,
	  set_password_fields, SETPW__MAX },
	{ HTTP_GET,  "/portal/register",    ROLE_PUBLIC, register_form,         NULL, 0 },
	{ HTTP_POST, "/portal/register",    ROLE_PUBLIC, register_submit,
	  register_fields, REG__MAX },
	{ HTTP_GET,  "/portal/verify/*",    ROLE_PUBLIC, register_verify_form,  NULL, 0 },
	{ HTTP_POST, "/portal/verify/*",    ROLE_PUBLIC, register_verify_submit,
	  set_password_fields, SETPW__MAX },

	/* admin pages: the team (staff.c), the practice's settings (settings.c), tags (tags.c) */
	{ HTTP_GET,  "/admin/staff",              ROLE_ADMIN, staff_list,       NULL, 0 },
	{ HTTP_POST, "/admin/staff",              ROLE_ADMIN, staff_add_submit,
	  staff_add_fields, SADD__MAX },
	{ HTTP_POST, "/admin/staff/#/role",       ROLE_ADMIN, staff_role_submit,
	  staff_role_fields, SROLE__MAX },
	{ HTTP_POST, "/admin/staff/#/deactivate", ROLE_ADMIN, staff_deactivate, NULL, 0 },
	{ HTTP_POST, "/admin/staff/#/reactivate", ROLE_ADMIN, staff_reactivate, NULL, 0 },
	{ HTTP_GET,  "/admin/settings",           ROLE_ADMIN, settings_form,    NULL, 0 },
	{ HTTP_POST, "/admin/settings",           ROLE_ADMIN, settings_submit,
	  settings_fields, SETTINGS__MAX },
	{ HTTP_POST, "/admin/settings/logo/remove", ROLE_ADMIN, settings_logo_remove, NULL, 0 },
	{ HTTP_GET,  "/practice/logo",            ROLE_PUBLIC, settings_logo,   NULL, 0 },
	{ HTTP_GET,  "/admin/tags",               ROLE_ADMIN, tags_list,        NULL, 0 },
	{ HTTP_POST, "/admin/tags",               ROLE_ADMIN, tag_create,
	  tag_name_fields, TAGN__MAX },
	{ HTTP_POST, "/admin/tags/#/rename",      ROLE_ADMIN, tag_rename,
	  tag_name_fields, TAGN__MAX },
	{ HTTP_POST, "/admin/tags/#/merge",       ROLE_ADMIN, tag_merge,
	  tag_merge_fields, TAGM__MAX },
	{ HTTP_POST, "/admin/tags/#/delete",      ROLE_ADMIN, tag_delete,
	  tag_delete_fields, TAGD__MAX },
};

/* Match pattern against path; '#' matches a positive decimal id, '*' one path segment of
 * letters and digits (a token, read by the handler from the path).  1 on a match. */
static int
match(const char *pattern, const char *path, long long *ids, size_t *nids)
{
	const char	*p = pattern, *s = path;
	char		*end;
	long long	 id;
	size_t		 n;

	*nids = 0;
	while (*p != '\0') {
		if (*p == '*') {
			for (n = 0; n < 128 && isalnum((unsigned char)*s); n++)
				s++;
			if (n == 0)
				return 0;
			p++;
			continue;
		}
		if (*p == '#') {
			if (*s < '1' || *s > '9' || *nids == REQUEST_IDS_MAX)
				return 0;
			errno = 0;
			id = strtoll(s, &end, 10);
			if (errno != 0 || end - s > 18)
				return 0;
			ids[(*nids)++] = id;
			s = end;
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *s == '\0';
}

enum route_match
routes_find(enum http_method method, const char *path, const struct route **found,
    long long *ids, size_t *nids, char *allow, size_t allowsize)
{
	size_t			 i, n, len = 0;
	long long		 tmp[REQUEST_IDS_MAX];
	size_t			 ntmp;
	int			 any = 0;
	enum http_method	 want = method == HTTP_HEAD ? HTTP_GET : method;

	allow[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!match(routes[i].pattern, path, tmp, &ntmp))
			continue;
		if (routes[i].method == want) {
			*found = &routes[i];
			memcpy(ids, tmp, sizeof(tmp));
			*nids = ntmp;
			return ROUTE_FOUND;
		}
		any = 1;
		n = (size_t)snprintf(allow + len, allowsize - len, "%s%s%s", len ? ", " : "",
		    http_methods[routes[i].method],
		    routes[i].method == HTTP_GET ? ", HEAD" : "");
		if (n < allowsize - len)
			len += n;
	}
	return any ? ROUTE_WRONG_METHOD : ROUTE_NOT_FOUND;
}
