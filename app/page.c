/* page.c: how every page answers: the layout, error pages, redirects, flash messages, cookies */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "log.h"
#include "store.h"

#define SESSION_COOKIE	"casebook_session"

/* Fill what the layout shows on every page. */
static void
layout_data(struct request *r, const char *template_name, const char *title)
{
	HDF	*h = r->hdf;

	view_set(h, practice_name(r->cfg, r->has_practice ? &r->practice : NULL),
	    "Practice.Name");
	if (r->has_practice && r->practice.has_logo)
		view_set(h, "1", "Practice.HasLogo");
	view_set(h, title, "Page.Title");
	view_set(h, template_name, "Page.Template");
	view_set(h, r->path.data ? r->path.data : "/", "Request.Path");
	view_set(h, r->cfg->static_version, "Static.Version");
	/* A page kept for every session of its staff member gets each one's token on the way
	 * out (listcache.c). */
	if (r->has_session)
		view_set(h, r->render_shared ? listcache_placeholder() : r->session.csrf, "Csrf");
	if (r->signed_in) {
		view_set_int(h, r->user.id, "User.Id");
		view_set(h, r->user.name, "User.Name");
		view_set(h, r->user.email, "User.Email");
		view_set(h, staff_roles[r->user.role], "User.Role");
		if (r->user.role == STAFF_ADMIN)
			view_set(h, "1", "User.IsAdmin");
	}
	if (r->client_signed_in) {
		view_set_int(h, r->client.id, "Portal.Client.Id");
		view_set(h, r->client.name, "Portal.Client.Name");
		view_set(h, r->client.email, "Portal.Client.Email");
	}
}

/* Show the session's flash message once, then forget it. */
static void
flash_data(struct request *r)
{
	if (!r->has_session || r->session.flash_text[0] == '\0')
		return;
	view_set(r->hdf, r->session.flash_kind, "Flash.0.Kind");
	view_set(r->hdf, r->session.flash_text, "Flash.0.Text");
	if (session_flash_clear(r->db, &r->session) == -1)
		log_warn("flash message could not be cleared");
}

/* Plain text when even the error page cannot be rendered. */
static void
fallback_text(struct request *r, int status)
{
	buf_reset(&r->resp.body);
	buf_reset(&r->resp.headers);
	r->resp.status = status;
	http_header(&r->resp, "Content-Type", "text/plain; charset=utf-8");
	buf_printf(&r->resp.body, "%d %s\n", status, status == 503 ?
	    "Casebook is temporarily unavailable. Please try again in a minute." :
	    http_status_text(status));
}

static void
render_in(struct request *r, const char *layout, const char *template_name, const char *title)
{
	char	 err[512];

	layout_data(r, template_name, title);
	flash_data(r);
	buf_reset(&r->resp.body);
	/* The layout includes the page template by its name (Page.Template), and nothing else
	 * of the tree decides what is parsed: one parse per layout and page, per worker. */
	if (view_render_cached(r->hdf, layout, template_name, &r->resp.body, err,
	    sizeof(err)) == -1) {
		log_error("render: %s", err);
		fallback_text(r, 500);
		return;
	}
	view_html_squeeze(&r->resp.body);
	http_header(&r->resp, "Content-Type", "text/html; charset=utf-8");
}

void
page_render(struct request *r, const char *template_name, const char *title)
{
	render_in(r, "layout.cs", template_name, title);
}

void
page_render_portal(struct request *r, const char *template_name, const char *title)
{
	render_in(r, "portal/layout.cs", template_name, title);
}

void
page_error(struct request *r, int status, const char *reason)
{
	char	 err[512];
	const char *title;

	switch (status) {
	case 400: title = "Bad request"; break;
	case 403: title = "Not allowed"; break;
	case 404: title = "Page not found"; break;
	case 405: title = "Method not allowed"; break;
	case 413: title = "Too large"; break;
	case 507: title = "No room for the upload"; break;
	case 503: title = "Casebook is temporarily unavailable"; break;
	default:  title = "Something went wrong"; status = status >= 400 ? status : 500; break;
	}
	/* Start from a clean page: nothing a handler put there may leak into an error. */
	r->render_shared = 0;
	if (r->hdf != NULL) {
		view_free(r->hdf);
		r->hdf = view_new(r->cfg->templates);
	}
	buf_reset(&r->resp.body);
	http_response_drop_file(&r->resp);
	r->resp.status = status;
	if (r->hdf == NULL) {
		fallback_text(r, status);
		return;
	}
	view_set_int(r->hdf, status, "Error.Status");
	view_set(r->hdf, title, "Error.Title");
	view_set(r->hdf, reason, "Error.Reason");
	layout_data(r, "error.cs", title);
	if (view_render_cached(r->hdf, "layout.cs", "error.cs", &r->resp.body, err,
	    sizeof(err)) == -1) {
		log_error("render: %s", err);
		fallback_text(r, status);
		return;
	}
	view_html_squeeze(&r->resp.body);
	http_header(&r->resp, "Content-Type", "text/html; charset=utf-8");
}

void
page_redirect(struct request *r, const char *location)
{
	/* Only our own paths: a Location built from input must never lead elsewhere. */
	if (!form_local_path(location))
		location = "/";
	r->resp.status = 303;
	buf_reset(&r->resp.body);
	if (http_header(&r->resp, "Location", location) == -1)
		http_header(&r->resp, "Location", "/");
}

void
page_flash_redirect(struct request *r, const char *kind, const char *text, const char *location)
{
	if (page_ensure_session(r) == 0 && session_flash(r->db, &r->session, kind, text) == -1)
		log_warn("flash message could not be stored");
	page_redirect(r, location);
}

void
page_text(struct request *r, int status, const char *text)
{
	r->resp.status = status;
	buf_reset(&r->resp.body);
	buf_puts(&r->resp.body, text);
	http_header(&r->resp, "Content-Type", "text/plain; charset=utf-8");
}

void
page_set_session_cookie(struct request *r)
{
	http_set_cookie(&r->resp, SESSION_COOKIE, r->session.token, r->https ?
	    "Path=/; HttpOnly; SameSite=Lax; Secure" : "Path=/; HttpOnly; SameSite=Lax");
}

void
page_clear_session_cookie(struct request *r)
{
	http_set_cookie(&r->resp, SESSION_COOKIE, "", r->https ?
	    "Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure" :
	    "Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

int
page_ensure_session(struct request *r)
{
	if (r->has_session)
		return 0;
	if (session_create(r->db, SESSION_ANONYMOUS, 0, r->ip, r->user_agent, &r->session) == -1)
		return -1;
	r->has_session = 1;
	page_set_session_cookie(r);
	return 0;
}

void
page_form_to_view(struct request *r)
{
	const struct form_field	*d;
	size_t			 i;

	for (i = 0; i < r->form.n; i++) {
		d = &r->form.fields[i];
		/* Passwords are never sent back to the browser. */
		if (d->type != FORM_PASSWORD)
			view_set(r->hdf, r->form.v[i].text, "Form.%s.Value", d->name);
		view_set(r->hdf, r->form.v[i].error, "Form.%s.Error", d->name);
	}
}

void
page_db_error(struct request *r)
{
	page_error(r, db_unavailable(r->db) ? 503 : 500, NULL);
}

void
page_format_time(struct request *r, const char *dt, char *out, size_t size)
{
	when_format_datetime(dt, r->has_practice ? r->practice.date_order : WHEN_DMY, out, size);
}

void
page_format_date(struct request *r, const char *date, char *out, size_t size)
{
	when_format_date(date, r->has_practice ? r->practice.date_order : WHEN_DMY, out, size);
}

void
page_signout(struct request *r, const char *location)
{
	if (r->has_session && session_destroy(r->db, r->session.id) == -1) {
		page_db_error(r);
		return;
	}
	r->has_session = 0;
	r->signed_in = 0;
	r->client_signed_in = 0;
	memset(&r->session, 0, sizeof(r->session));
	/* A fresh anonymous session carries the goodbye and the next sign-in's CSRF token. */
	page_flash_redirect(r, "success", "You have signed out.", location);
}

/* What nginx's /_files/ location adds to every stored file it sends: a second policy
 * (browsers enforce both) under which even an SVG or a PDF opened from there runs no script
 * with this site's rights.  Sent by the program when nobody else sends the file. */
#define STORED_FILE_POLICY \
	"sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"

void
page_send_stored(struct request *r, const char *key, const char *type,
    const char *disposition)
{
	char	 path[4096], location[128];
	int	 fd;

	if (store_path(r->cfg->files_dir, key, path, sizeof(path)) == -1) {
		log_error("the stored file \"%s\" has a malformed key", key);
		page_error(r, 500, NULL);
		return;
	}
	if (r->cfg->files_delivery == FILES_DELIVERY_STREAM) {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
			/* what nginx answers for bytes gone from the store */
			log_error("the stored file %s cannot be opened: %s", path, strerror(errno));
			page_error(r, errno == ENOENT ? 404 : 500, NULL);
			return;
		}
		if (http_response_file(&r->resp, fd) == -1) {
			log_error("the stored file %s is not a regular file", path);
			page_error(r, 500, NULL);
			return;
		}
	}
	buf_reset(&r->resp.body);
	r->resp.status = 200;
	http_header(&r->resp, "Content-Type", type);
	if (disposition != NULL)
		http_header(&r->resp, "Content-Disposition", disposition);
	switch (r->cfg->files_delivery) {
	case FILES_DELIVERY_NGINX:
		snprintf(location, sizeof(location), "/_files/%s", key);
		http_header(&r->resp, "X-Accel-Redirect", location);
		break;
	case FILES_DELIVERY_XSENDFILE:
		http_header(&r->resp, "X-Sendfile", path);
		http_header(&r->resp, "Content-Security-Policy", STORED_FILE_POLICY);
		break;
	default:
		http_header(&r->resp, "Content-Security-Policy", STORED_FILE_POLICY);
		break;
	}
}
