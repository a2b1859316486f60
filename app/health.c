/* health.c: /healthz (the worker answers), /readyz (and the database answers too), and the
 * error page nginx shows for a body over its size limit */
#include "config.h"

#include "app.h"

void
health_live(struct request *r)
{
	page_text(r, 200, "ok\n");
}

void
health_ready(struct request *r)
{
	if (db_ping(r->db) == -1) {
		page_text(r, 503, "database unavailable\n");
		return;
	}
	page_text(r, 200, "ready\n");
}

void
health_too_large(struct request *r)
{
	/* nginx refused the body before we saw it (client_max_body_size) and asks for this page */
	page_error(r, 413, "The upload is larger than this site accepts.");
}
