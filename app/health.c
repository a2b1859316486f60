/* health.c: /healthz (the worker answers) and /readyz (and the database answers too) */
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
