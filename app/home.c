/* home.c: the page staff land on after signing in */
#include "config.h"

#include "app.h"

static const char sql_active_staff[] = "SELECT COUNT(*) FROM staff WHERE active = 1";

void
home_show(struct request *r)
{
	struct db_query	 q;
	long long	 count;

	db_query_init(&q, r->db, sql_active_staff);
	if (db_scalar_int(&q, &count) == -1) {
		page_db_error(r);
		return;
	}
	view_set_int(r->hdf, count, "Home.StaffCount");
	page_render(r, "home.cs", "Home");
}
