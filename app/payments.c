/* payments.c: the payment timeline of a client's sessions: the Payments tab of the profile
 * (/clients/{id}/payments: sessions, payments, refunds, totals, a timeline picture, CSV) and
 * the client's own view in the portal (/portal/payments) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "csv.h"
#include "log.h"
#include "money.h"

#define ENTRIES_MAX	2000
/* The timeline picture: its size and margins, in SVG user units. */
#define SVG_WIDTH	720
#define SVG_LEFT	48
#define SVG_RIGHT	24
#define SVG_AXIS_Y	150
#define SVG_TOP		24

const struct form_field session_fields[SES__MAX] = {
	{ "held_on",    FORM_LINE,  FORM_REQUIRED, 10, 0, 0,   "Date" },
	{ "start_time", FORM_LINE,  FORM_REQUIRED, 5,  0, 0,   "Start time" },
	{ "minutes",    FORM_INT,   FORM_REQUIRED, 3,  5, 600, "Length in minutes" },
	{ "session_kind", FORM_TOKEN, FORM_REQUIRED, 10, 0, 0, "Type" },
	{ "fee",        FORM_LINE,  FORM_REQUIRED, 20, 0, 0,   "Fee" },
};

const struct form_field payment_fields[PAY__MAX] = {
	{ "appointment_id", FORM_INT,   FORM_REQUIRED, 19,  1, 999999999999999LL, "Session" },
	{ "payment_kind",   FORM_TOKEN, FORM_REQUIRED, 10,  0, 0, "Entry" },
	{ "state",          FORM_TOKEN, 0,             10,  0, 0, "State" },
	{ "amount",         FORM_LINE,  FORM_REQUIRED, 20,  0, 0, "Amount" },
	{ "method",         FORM_TOKEN, FORM_REQUIRED, 16,  0, 0, "Method" },
	{ "reference",      FORM_LINE,  0,             100, 0, 0, "Reference" },
	{ "note",           FORM_TEXT,  0,             500, 0, 0, "Note" },
	{ "paid_on",        FORM_LINE,  FORM_REQUIRED, 10,  0, 0, "Date" },
};

/* The kinds of session, as stored and as shown. */
enum appointment_kind { KIND_IN_PERSON, KIND_VIDEO, KIND_PHONE, KIND__MAX };
static const char *const appointment_kinds[KIND__MAX] = { "in_person", "video", "phone" };
static const char *const appointment_kind_labels[KIND__MAX] = { "In person", "Video", "Phone" };

/* A payment's state as stored. */
enum pay_state { PAY_REQUESTED, PAY_PAID, PAY_MANUAL, PAY_FAILED, PAYSTATE__MAX };
static const char *const pay_states[PAYSTATE__MAX] = { "requested", "paid", "manual", "failed" };
static const char *const pay_state_labels[PAYSTATE__MAX] = {
	"Requested (pending)", "Paid", "Manually paid", "Failed"
};

/* A session's payment state, worked out from its payments. */
enum session_state { SS_UNPAID, SS_REQUESTED, SS_PAID, SS_MANUAL, SS_REFUNDED, SS_FAILED,
	SS_PART_PAID, SS__MAX };
static const char *const session_states[SS__MAX] = { "unpaid", "requested", "paid", "manual",
	"refunded", "failed", "part" };
static const char *const session_state_labels[SS__MAX] = { "Unpaid", "Requested (pending)",
	"Paid", "Manually paid", "Refunded", "Failed", "Part paid" };
/* Their colours in the picture. */
static const char *const session_state_colours[SS__MAX] = { "#b42318", "#b54708", "#067647",
	"#067647", "#5d6b82", "#b42318", "#b54708" };

enum method { METHOD_CARD, METHOD_CASH, METHOD_BANK, METHOD_CHEQUE, METHOD_OTHER, METHOD__MAX };
static const char *const methods[METHOD__MAX] = { "card", "cash", "bank_transfer", "cheque",
	"other" };
static const char *const method_labels[METHOD__MAX] = { "Card", "Cash", "Bank transfer",
	"Cheque", "Other" };

enum stmt {
	STMT_SESSIONS,
	STMT_PAYMENTS,
	STMT_SESSION_INSERT,
	STMT_SESSION_LOCK,
	STMT_SESSION_NET,
	STMT_PAYMENT_INSERT,
	STMT_PAYMENT_GET,
	STMT_PAYMENT_MANUAL,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_SESSIONS */
	"SELECT id, held_on, TIME_FORMAT(start_time, '%H:%i'), minutes, kind, fee_minor, currency "
	"FROM appointments WHERE client_id = ? ORDER BY held_on, start_time, id LIMIT ?",
	/* STMT_PAYMENTS */
	"SELECT id, appointment_id, kind, state, amount_minor, currency, method, reference, note, "
	"paid_on FROM payments WHERE client_id = ? ORDER BY paid_on, id LIMIT ?",
	/* STMT_SESSION_INSERT */
	"INSERT INTO appointments (client_id, held_on, start_time, minutes, kind, fee_minor, "
	"currency, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
	/* STMT_SESSION_LOCK: the session, if it is this client's; its payments wait on it */
	"SELECT id, currency FROM appointments WHERE id = ? AND client_id = ? FOR UPDATE",
	/* STMT_SESSION_NET: paid less refunded for one session */
	"SELECT COALESCE(SUM(CASE WHEN kind = 'payment' AND state IN ('paid', 'manual') "
	"THEN amount_minor ELSE 0 END), 0) - COALESCE(SUM(CASE WHEN kind = 'refund' "
	"THEN amount_minor ELSE 0 END), 0) FROM payments WHERE appointment_id = ?",
	/* STMT_PAYMENT_INSERT */
	"INSERT INTO payments (client_id, appointment_id, kind, state, amount_minor, currency, "
	"method, reference, note, paid_on, created_by, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_PAYMENT_GET */
	"SELECT id, kind, state FROM payments WHERE id = ? AND client_id = ? FOR UPDATE",
	/* STMT_PAYMENT_MANUAL */
	"UPDATE payments SET state = 'manual', updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND client_id = ?",
};

static int
lookup(const char *s, const char *const *names, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* Days since 1970-01-01 of an ISO date (the civil calendar, H. Hinnant's algorithm). */
static long
day_number(const char *iso)
{
	long	 y, m, d, era, yoe, doy, doe;

	if (sscanf(iso, "%4ld-%2ld-%2ld", &y, &m, &d) != 3)
		return 0;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct session_row {
	long long	 id;
	char		 date[11];
	char		 time[6];
	int		 minutes;
	int		 kind;
	long long	 fee;
	long long	 paid;		/* paid or manually paid */
	long long	 refunded;
	int		 manual, requested, failed_last;
	enum session_state state;
};

struct payment_row {
	long long	 id;
	long long	 session_id;
	int		 refund;
	int		 state;
	long long	 amount;
	int		 method;
	char		 reference[401];
	char		 note[2001];
	char		 date[11];
};

/* A client's timeline, read whole. */
struct timeline {
	struct session_row	*s;
	size_t			 ns;
	struct payment_row	*p;
	size_t			 np;
	long long		 billed, paid, refunded;
};

static void
timeline_free(struct timeline *t)
{
	free(t->s);
	free(t->p);
	memset(t, 0, sizeof(*t));
}

static void *
grow(void *v, size_t n, size_t size)
{
	void	*p = reallocarray(v, n, size);

	if (p == NULL) {
		log_error("out of memory");
		exit(1);
	}
	return p;
}

/* Read the sessions and payments of client_id and work out each session's state; 0 or -1. */
static int
timeline_load(struct db *db, long long client_id, struct timeline *t)
{
	struct db_query	 q;
	size_t		 i;
	int		 rc;

	memset(t, 0, sizeof(*t));
	db_query_init(&q, db, stmts[STMT_SESSIONS]);
	db_bind_int(&q, client_id);
	db_bind_int(&q, ENTRIES_MAX);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		struct session_row	*s;

		t->s = grow(t->s, t->ns + 1, sizeof(*t->s));
		s = &t->s[t->ns++];
		memset(s, 0, sizeof(*s));
		s->id = db_col_int(&q, 0);
		snprintf(s->date, sizeof(s->date), "%s", db_col_str(&q, 1));
		snprintf(s->time, sizeof(s->time), "%s", db_col_str(&q, 2));
		s->minutes = (int)db_col_int(&q, 3);
		s->kind = lookup(db_col_str(&q, 4), appointment_kinds, KIND__MAX);
		s->fee = db_col_int(&q, 5);
		t->billed += s->fee;
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_PAYMENTS]);
	db_bind_int(&q, client_id);
	db_bind_int(&q, ENTRIES_MAX);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		struct payment_row	*p;

		t->p = grow(t->p, t->np + 1, sizeof(*t->p));
		p = &t->p[t->np++];
		memset(p, 0, sizeof(*p));
		p->id = db_col_int(&q, 0);
		p->session_id = db_col_int(&q, 1);
		p->refund = strcmp(db_col_str(&q, 2), "refund") == 0;
		p->state = lookup(db_col_str(&q, 3), pay_states, PAYSTATE__MAX);
		p->amount = db_col_int(&q, 4);
		p->method = lookup(db_col_str(&q, 6), methods, METHOD__MAX);
		snprintf(p->reference, sizeof(p->reference), "%s", db_col_str(&q, 7));
		snprintf(p->note, sizeof(p->note), "%s", db_col_str(&q, 8));
		snprintf(p->date, sizeof(p->date), "%s", db_col_str(&q, 9));
		for (i = 0; i < t->ns; i++) {
			struct session_row	*s = &t->s[i];

			if (s->id != p->session_id)
				continue;
			if (p->refund) {
				s->refunded += p->amount;
				t->refunded += p->amount;
			} else if (p->state == PAY_PAID || p->state == PAY_MANUAL) {
				s->paid += p->amount;
				t->paid += p->amount;
				s->manual |= p->state == PAY_MANUAL;
				s->failed_last = 0;
			} else if (p->state == PAY_REQUESTED) {
				s->requested = 1;
			} else if (p->state == PAY_FAILED)
				s->failed_last = 1;
		}
	}
	db_query_end(&q);
	if (rc == -1)
		return -1;
	for (i = 0; i < t->ns; i++) {
		struct session_row	*s = &t->s[i];

		if (s->refunded > 0 && s->paid - s->refunded <= 0)
			s->state = SS_REFUNDED;
		else if (s->paid - s->refunded >= s->fee && (s->fee > 0 || s->paid > 0))
			s->state = s->manual ? SS_MANUAL : SS_PAID;
		else if (s->paid - s->refunded > 0)
			/* some of the fee is paid (or some of a payment refunded): what is left
			 * to pay is shown beside the state */
			s->state = SS_PART_PAID;
		else if (s->requested)
			s->state = SS_REQUESTED;
		else if (s->failed_last)
			s->state = SS_FAILED;
		else
			s->state = SS_UNPAID;
	}
	return 0;
}

static void
money_to_view(HDF *hdf, long long minor, int decimals, const char *name)
{
	char	 text[MONEY_TEXT_MAX];

	money_format(minor, decimals, 1, text);
	view_set(hdf, text, "%s", name);
}

/* The session a payment belongs to, by id. */
static const struct session_row *
session_of(const struct timeline *t, long long id)
{
	size_t	 i;

	for (i = 0; i < t->ns; i++)
		if (t->s[i].id == id)
			return &t->s[i];
	return NULL;
}

/* The picture: every session and payment at its x position along the time axis, and the
 * outstanding balance as a stepped line above it; numbers only, drawn by the template. */
static void
picture_to_view(struct request *r, const struct timeline *t, int decimals)
{
	struct buf	 line = { 0 };
	long		 first = 0, last = 0, day;
	long long	 balance = 0, top = 1, x, y;
	size_t		 i, k, si = 0, pi = 0;
	char		 name[64], amount[MONEY_TEXT_MAX];
	int		 width = SVG_WIDTH - SVG_LEFT - SVG_RIGHT, height = SVG_AXIS_Y - SVG_TOP;

	if (t->ns == 0)
		return;
	first = day_number(t->s[0].date);
	last = first;
	for (i = 0; i < t->ns; i++) {
		day = day_number(t->s[i].date);
		first = day < first ? day : first;
		last = day > last ? day : last;
	}
	for (i = 0; i < t->np; i++) {
		day = day_number(t->p[i].date);
		first = day < first ? day : first;
		last = day > last ? day : last;
	}
	/* the highest the balance goes, for the vertical scale: walk it once */
	for (si = pi = 0; si < t->ns || pi < t->np;) {
		if (pi >= t->np || (si < t->ns && strcmp(t->s[si].date, t->p[pi].date) <= 0)) {
			balance += t->s[si++].fee;
		} else {
			const struct payment_row *p = &t->p[pi++];

			if (p->refund)
				balance += p->amount;
			else if (p->state == PAY_PAID || p->state == PAY_MANUAL)
				balance -= p->amount;
		}
		top = balance > top ? balance : top;
	}
#define XPOS(d) (SVG_LEFT + (last == first ? width / 2 : \
	(long long)((d) - first) * width / (last - first)))
#define YPOS(b) (SVG_AXIS_Y - ((b) < 0 ? 0 : (b)) * height / top)
	view_set_int(r->hdf, SVG_WIDTH, "Timeline.Width");
	view_set_int(r->hdf, SVG_AXIS_Y + 40, "Timeline.Height");
	view_set_int(r->hdf, SVG_AXIS_Y, "Timeline.AxisY");
	view_set_int(r->hdf, SVG_LEFT, "Timeline.Left");
	view_set_int(r->hdf, SVG_WIDTH - SVG_RIGHT, "Timeline.Right");
	view_set_int(r->hdf, SVG_AXIS_Y + 30, "Timeline.LabelY");
	view_set_int(r->hdf, SVG_TOP - 8, "Timeline.TopY");
	page_format_date(r, t->s[0].date, name, sizeof(name));
	for (i = 0; i < t->np; i++)
		if (day_number(t->p[i].date) == first)
			page_format_date(r, t->p[i].date, name, sizeof(name));
	for (i = 0; i < t->ns; i++)
		if (day_number(t->s[i].date) == first)
			page_format_date(r, t->s[i].date, name, sizeof(name));
	view_set(r->hdf, name, "Timeline.FirstDate");
	for (i = 0; i < t->ns; i++)
		if (day_number(t->s[i].date) == last)
			page_format_date(r, t->s[i].date, name, sizeof(name));
	for (i = 0; i < t->np; i++)
		if (day_number(t->p[i].date) == last)
			page_format_date(r, t->p[i].date, name, sizeof(name));
	view_set(r->hdf, name, "Timeline.LastDate");
	money_to_view(r->hdf, top, decimals, "Timeline.Top");

	/* the balance line and the marks, in date order */
	balance = 0;
	buf_printf(&line, "%d,%d", SVG_LEFT, SVG_AXIS_Y);
	for (si = pi = k = 0; si < t->ns || pi < t->np; k++) {
		if (pi >= t->np || (si < t->ns && strcmp(t->s[si].date, t->p[pi].date) <= 0)) {
			const struct session_row *s = &t->s[si++];

			x = XPOS(day_number(s->date));
			y = YPOS(balance);
			balance += s->fee;
			view_set_int(r->hdf, x, "Timeline.Sessions.%zu.X", si - 1);
			view_set(r->hdf, session_state_colours[s->state],
			    "Timeline.Sessions.%zu.Colour", si - 1);
			page_format_date(r, s->date, name, sizeof(name));
			view_set(r->hdf, name, "Timeline.Sessions.%zu.Date", si - 1);
			view_set(r->hdf, session_state_labels[s->state],
			    "Timeline.Sessions.%zu.State", si - 1);
			money_format(s->fee, decimals, 1, amount);
			view_set(r->hdf, amount, "Timeline.Sessions.%zu.Fee", si - 1);
		} else {
			const struct payment_row *p = &t->p[pi++];
			int	 counts = p->refund || p->state == PAY_PAID || p->state == PAY_MANUAL;

			x = XPOS(day_number(p->date));
			y = YPOS(balance);
			if (p->refund)
				balance += p->amount;
			else if (counts)
				balance -= p->amount;
			view_set_int(r->hdf, x, "Timeline.Payments.%zu.X", pi - 1);
			view_set_int(r->hdf, x - 6, "Timeline.Payments.%zu.X0", pi - 1);
			view_set_int(r->hdf, x + 6, "Timeline.Payments.%zu.X1", pi - 1);
			view_set(r->hdf, p->refund ? "refund" : counts ? "payment" : "pending",
			    "Timeline.Payments.%zu.Kind", pi - 1);
			page_format_date(r, p->date, name, sizeof(name));
			view_set(r->hdf, name, "Timeline.Payments.%zu.Date", pi - 1);
			money_format(p->amount, decimals, 1, amount);
			view_set(r->hdf, amount, "Timeline.Payments.%zu.Amount", pi - 1);
		}
		/* a step: along at the old balance, then up or down to the new one */
		buf_printf(&line, " %lld,%lld %lld,%lld", x, y, x, (long long)YPOS(balance));
	}
	buf_printf(&line, " %d,%lld", SVG_WIDTH - SVG_RIGHT, (long long)YPOS(balance));
	view_set(r->hdf, line.data, "Timeline.BalanceLine");
	view_set_int(r->hdf, YPOS(balance), "Timeline.EndY");
	buf_free(&line);
#undef XPOS
#undef YPOS
}

/* The whole timeline into the page: Sessions.N, Payments.N, Totals, Timeline; 0 or -1. */
static int
timeline_to_view(struct request *r, long long client_id, int portal)
{
	struct timeline	 t;
	const char	*currency = r->practice.currency;
	int		 decimals = money_decimals(currency);
	char		 text[64];
	size_t		 i;

	if (timeline_load(r->db, client_id, &t) == -1)
		return -1;
	view_set(r->hdf, currency, "Payments.Currency");
	for (i = 0; i < t.ns; i++) {
		const struct session_row *s = &t.s[i];

		view_set_int(r->hdf, s->id, "Sessions.%zu.Id", i);
		page_format_date(r, s->date, text, sizeof(text));
		view_set(r->hdf, text, "Sessions.%zu.Date", i);
		view_set(r->hdf, s->time, "Sessions.%zu.Time", i);
		view_set_int(r->hdf, s->minutes, "Sessions.%zu.Minutes", i);
		view_set(r->hdf, s->kind >= 0 ? appointment_kind_labels[s->kind] : "",
		    "Sessions.%zu.Kind", i);
		money_format(s->fee, decimals, 1, text);
		view_set(r->hdf, text, "Sessions.%zu.Fee", i);
		money_format(s->paid - s->refunded, decimals, 1, text);
		view_set(r->hdf, text, "Sessions.%zu.Paid", i);
		view_set(r->hdf, session_states[s->state], "Sessions.%zu.State", i);
		view_set(r->hdf, session_state_labels[s->state], "Sessions.%zu.StateLabel", i);
		if (s->state == SS_PART_PAID) {
			money_format(s->fee - (s->paid - s->refunded), decimals, 1, text);
			view_set(r->hdf, text, "Sessions.%zu.Outstanding", i);
		}
	}
	for (i = 0; i < t.np; i++) {
		const struct payment_row *p = &t.p[i];
		const struct session_row *s = session_of(&t, p->session_id);

		view_set_int(r->hdf, p->id, "Entries.%zu.Id", i);
		page_format_date(r, p->date, text, sizeof(text));
		view_set(r->hdf, text, "Entries.%zu.Date", i);
		view_set(r->hdf, p->refund ? "Refund" : "Payment", "Entries.%zu.Kind", i);
		if (p->refund)
			view_set(r->hdf, "1", "Entries.%zu.IsRefund", i);
		view_set(r->hdf, p->refund ? "Refunded" : p->state >= 0 ?
		    pay_state_labels[p->state] : "", "Entries.%zu.State", i);
		if (!p->refund && (p->state == PAY_REQUESTED || p->state == PAY_FAILED) && !portal)
			view_set(r->hdf, "1", "Entries.%zu.CanMarkPaid", i);
		money_format(p->amount, decimals, 1, text);
		view_set(r->hdf, text, "Entries.%zu.Amount", i);
		view_set(r->hdf, currency, "Entries.%zu.Currency", i);
		view_set(r->hdf, p->method >= 0 ? method_labels[p->method] : "",
		    "Entries.%zu.Method", i);
		view_set(r->hdf, p->reference, "Entries.%zu.Reference", i);
		view_set(r->hdf, p->note, "Entries.%zu.Note", i);
		if (s != NULL) {
			page_format_date(r, s->date, text, sizeof(text));
			view_set(r->hdf, text, "Entries.%zu.SessionDate", i);
		}
	}
	money_to_view(r->hdf, t.billed, decimals, "Totals.Billed");
	money_to_view(r->hdf, t.paid - t.refunded, decimals, "Totals.Paid");
	money_to_view(r->hdf, t.refunded, decimals, "Totals.Refunded");
	money_to_view(r->hdf, t.billed - (t.paid - t.refunded), decimals, "Totals.Outstanding");
	if (t.billed - (t.paid - t.refunded) > 0)
		view_set(r->hdf, "1", "Totals.Owing");
	view_set_int(r->hdf, (long long)t.ns, "Totals.Sessions");
	picture_to_view(r, &t, decimals);
	timeline_free(&t);
	return 0;
}

/* The choices of the forms. */
static void
choices_to_view(struct request *r)
{
	int	 i;

	for (i = 0; i < KIND__MAX; i++) {
		view_set(r->hdf, appointment_kinds[i], "Choices.Kinds.%d.Value", i);
		view_set(r->hdf, appointment_kind_labels[i], "Choices.Kinds.%d.Label", i);
	}
	for (i = 0; i < PAYSTATE__MAX; i++) {
		view_set(r->hdf, pay_states[i], "Choices.States.%d.Value", i);
		view_set(r->hdf, pay_state_labels[i], "Choices.States.%d.Label", i);
	}
	for (i = 0; i < METHOD__MAX; i++) {
		view_set(r->hdf, methods[i], "Choices.Methods.%d.Value", i);
		view_set(r->hdf, method_labels[i], "Choices.Methods.%d.Label", i);
	}
}

/* The Payments tab of the profile, status given (422 with the form's messages). */
static void
render_tab(struct request *r, struct client *c, int status)
{
	if (timeline_to_view(r, c->id, 0) == -1) {
		page_db_error(r);
		return;
	}
	choices_to_view(r);
	if (status == 200) {
		/* what is recorded most: a fifty-minute session, a payment received */
		view_set(r->hdf, "50", "Form.minutes.Value");
		view_set(r->hdf, "paid", "Form.state.Value");
	}
	r->resp.status = status;
	profile_render_tab(r, c, "payments");
}

void
payments_tab(struct request *r)
{
	struct client	 c;

	if (!profile_client_load(r, &c))
		return;
	audit_write(r, "client_viewed", "client", c.id, "payments");
	render_tab(r, &c, 200);
	client_free(&c);
}

/* A time typed as HH:MM (24 hours) into out ("09:30:00"); 0 or -1. */
static int
time_parse(const char *s, char out[9])
{
	int	 h, m, n = 0;

	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || s[n] != '\0' || strlen(s) != 5 ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	snprintf(out, 9, "%02d:%02d:00", h, m);
	return 0;
}

void
payments_session_add(struct request *r)
{
	struct form	*f = &r->form;
	struct client	 c;
	struct db_query	 q;
	char		 date[11], time[9], location[64], detail[64];
	long long	 fee = 0;
	int		 kind = -1, decimals = money_decimals(r->practice.currency);

	if (!profile_client_load(r, &c))
		return;
	if (f->v[SES_HELD_ON].present &&
	    when_parse_date(f->v[SES_HELD_ON].text, r->practice.date_order, date) == -1)
		form_error(f, SES_HELD_ON, "Enter the date as YYYY-MM-DD.");
	if (f->v[SES_START].present && time_parse(f->v[SES_START].text, time) == -1)
		form_error(f, SES_START, "Enter the time as HH:MM, such as 09:30 or 14:00.");
	if (f->v[SES_KIND].present &&
	    (kind = lookup(f->v[SES_KIND].text, appointment_kinds, KIND__MAX)) == -1)
		form_error(f, SES_KIND, "Choose in person, video or phone.");
	if (f->v[SES_FEE].present && money_parse(f->v[SES_FEE].text, decimals, &fee) == -1)
		form_error(f, SES_FEE, "Enter the fee as an amount such as 80 or 80.00 "
		    "(not negative).");
	if (f->nerrors > 0) {
		page_form_to_view(r);
		view_set(r->hdf, "The session was not recorded: see the messages below.",
		    "Form.Error");
		render_tab(r, &c, 422);
		client_free(&c);
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_SESSION_INSERT]);
	db_bind_int(&q, c.id);
	db_bind_text(&q, date);
	db_bind_text(&q, time);
	db_bind_int(&q, f->v[SES_MINUTES].num);
	db_bind_text(&q, appointment_kinds[kind]);
	db_bind_int(&q, fee);
	db_bind_text(&q, r->practice.currency);
	db_bind_int(&q, r->user.id);
	if (db_begin(r->db) == -1 || db_exec(&q, NULL) == -1)
		goto fail;
	snprintf(detail, sizeof(detail), "session %llu", q.insert_id);
	if (audit_write(r, "session_recorded", "client", c.id, detail) == -1 ||
	    db_commit(r->db) == -1)
		goto fail;
	snprintf(location, sizeof(location), "/clients/%lld/payments", c.id);
	client_free(&c);
	page_flash_redirect(r, "success", "The session was recorded.", location);
	return;
fail:
	db_rollback(r->db);
	client_free(&c);
	page_db_error(r);
}

void
payments_add(struct request *r)
{
	struct form	*f = &r->form;
	struct client	 c;
	struct db_query	 q;
	char		 date[11], location[64], detail[64], currency[4] = "", left[MONEY_TEXT_MAX];
	char		 message[160];
	long long	 amount = 0, net = 0;
	int		 refund = 0, state = PAY_PAID, method = -1, rc;
	int		 decimals = money_decimals(r->practice.currency);

	if (!profile_client_load(r, &c))
		return;
	if (f->v[PAY_KIND].present) {
		if (strcmp(f->v[PAY_KIND].text, "refund") == 0)
			refund = 1;
		else if (strcmp(f->v[PAY_KIND].text, "payment") != 0)
			form_error(f, PAY_KIND, "Choose a payment or a refund.");
	}
	if (!refund && f->v[PAY_STATE].present &&
	    (state = lookup(f->v[PAY_STATE].text, pay_states, PAYSTATE__MAX)) == -1)
		form_error(f, PAY_STATE, "Choose one of the states.");
	if (f->v[PAY_AMOUNT].present && (money_parse(f->v[PAY_AMOUNT].text, decimals,
	    &amount) == -1 || amount == 0))
		form_error(f, PAY_AMOUNT, "Enter an amount above zero, such as 80 or 80.00 "
		    "(never negative: a refund is its own entry).");
	if (f->v[PAY_METHOD].present &&
	    (method = lookup(f->v[PAY_METHOD].text, methods, METHOD__MAX)) == -1)
		form_error(f, PAY_METHOD, "Choose one of the methods.");
	if (f->v[PAY_DATE].present &&
	    when_parse_date(f->v[PAY_DATE].text, r->practice.date_order, date) == -1)
		form_error(f, PAY_DATE, "Enter the date as YYYY-MM-DD.");
	if (f->nerrors > 0)
		goto invalid;

	if (db_begin(r->db) == -1)
		goto fail;
	/* the session, locked: refunds of one session take turns at what is left */
	db_query_init(&q, r->db, stmts[STMT_SESSION_LOCK]);
	db_bind_int(&q, f->v[PAY_SESSION].num);
	db_bind_int(&q, c.id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto fail;
	}
	if ((rc = db_query_next(&q)) == 1)
		snprintf(currency, sizeof(currency), "%s", db_col_str(&q, 1));
	db_query_end(&q);
	if (rc == -1)
		goto fail;
	if (rc == 0) {
		/* not a session of this client: the same as no such session */
		db_rollback(r->db);
		client_free(&c);
		page_error(r, 404, NULL);
		return;
	}
	if (refund) {
		db_query_init(&q, r->db, stmts[STMT_SESSION_NET]);
		db_bind_int(&q, f->v[PAY_SESSION].num);
		if (db_scalar_int(&q, &net) == -1)
			goto fail;
		if (amount > net) {
			db_rollback(r->db);
			money_format(net < 0 ? 0 : net, decimals, 1, left);
			snprintf(message, sizeof(message), "A refund cannot be more than what was "
			    "paid for the session: %s %s.", left, currency);
			form_error(f, PAY_AMOUNT, message);
			goto invalid;
		}
	}
	db_query_init(&q, r->db, stmts[STMT_PAYMENT_INSERT]);
	db_bind_int(&q, c.id);
	db_bind_int(&q, f->v[PAY_SESSION].num);
	db_bind_text(&q, refund ? "refund" : "payment");
	db_bind_text(&q, pay_states[refund ? PAY_PAID : state]);
	db_bind_int(&q, amount);
	db_bind_text(&q, currency);
	db_bind_text(&q, methods[method]);
	db_bind_text(&q, f->v[PAY_REFERENCE].text);
	db_bind_text(&q, f->v[PAY_NOTE].text);
	db_bind_text(&q, date);
	db_bind_int(&q, r->user.id);
	if (db_exec(&q, NULL) == -1)
		goto fail;
	snprintf(detail, sizeof(detail), "%s %llu", refund ? "refund" : "payment", q.insert_id);
	if (audit_write(r, refund ? "refund_recorded" : "payment_recorded", "client", c.id,
	    detail) == -1 || db_commit(r->db) == -1)
		goto fail;
	snprintf(location, sizeof(location), "/clients/%lld/payments", c.id);
	client_free(&c);
	page_flash_redirect(r, "success", refund ? "The refund was recorded." :
	    "The payment was recorded.", location);
	return;
invalid:
	page_form_to_view(r);
	view_set(r->hdf, refund ? "The refund was not recorded: see the messages below." :
	    "The payment was not recorded: see the messages below.", "PaymentForm.Error");
	render_tab(r, &c, 422);
	client_free(&c);
	return;
fail:
	db_rollback(r->db);
	client_free(&c);
	page_db_error(r);
}

void
payments_mark_paid(struct request *r)
{
	struct client	 c;
	struct db_query	 q;
	char		 location[64], detail[64], state[16] = "", kind[16] = "";
	int		 rc;

	if (!profile_client_load(r, &c))
		return;
	client_free(&c);
	snprintf(location, sizeof(location), "/clients/%lld/payments", r->ids[0]);
	if (db_begin(r->db) == -1)
		goto fail;
	db_query_init(&q, r->db, stmts[STMT_PAYMENT_GET]);
	db_bind_int(&q, r->ids[1]);
	db_bind_int(&q, r->ids[0]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto fail;
	}
	if ((rc = db_query_next(&q)) == 1) {
		snprintf(kind, sizeof(kind), "%s", db_col_str(&q, 1));
		snprintf(state, sizeof(state), "%s", db_col_str(&q, 2));
	}
	db_query_end(&q);
	if (rc == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(r->db);
		page_error(r, 404, NULL);
		return;
	}
	if (strcmp(kind, "payment") != 0 || (strcmp(state, "requested") != 0 &&
	    strcmp(state, "failed") != 0)) {
		db_rollback(r->db);
		page_flash_redirect(r, "info", "Only a requested or failed payment can be marked "
		    "as paid.", location);
		return;
	}
	db_query_init(&q, r->db, stmts[STMT_PAYMENT_MANUAL]);
	db_bind_int(&q, r->ids[1]);
	db_bind_int(&q, r->ids[0]);
	snprintf(detail, sizeof(detail), "payment %lld", r->ids[1]);
	if (db_exec(&q, NULL) == -1 ||
	    audit_write(r, "payment_marked_paid", "client", r->ids[0], detail) == -1 ||
	    db_commit(r->db) == -1)
		goto fail;
	page_flash_redirect(r, "success", "The payment is marked as manually paid.", location);
	return;
fail:
	db_rollback(r->db);
	page_db_error(r);
}


void
payments_export(struct request *r)
{
	static const char *const header[] = { "Date", "Time", "Entry", "Type or method",
	    "Length (minutes)", "State", "Amount", "Currency", "Reference", "Note", "Balance" };
	struct client		 c;
	struct timeline		 t;
	struct csv_writer	 w;
	const char		*currency = r->practice.currency;
	char			 text[MONEY_TEXT_MAX], name[80], minutes[16];
	long long		 balance = 0;
	size_t			 si = 0, pi = 0, k;
	int			 decimals = money_decimals(currency);

	if (!profile_client_load(r, &c))
		return;
	if (timeline_load(r->db, c.id, &t) == -1) {
		client_free(&c);
		page_db_error(r);
		return;
	}
	buf_reset(&r->resp.body);
	csv_write_start(&w, &r->resp.body);
	for (k = 0; k < sizeof(header) / sizeof(header[0]); k++)
		csv_cell_text(&w, header[k]);
	csv_row_end(&w);
	while (si < t.ns || pi < t.np) {
		if (pi >= t.np || (si < t.ns && strcmp(t.s[si].date, t.p[pi].date) <= 0)) {
			const struct session_row *s = &t.s[si++];

			balance += s->fee;
			csv_cell_text(&w, s->date);
			csv_cell_text(&w, s->time);
			csv_cell_text(&w, "Session");
			csv_cell_text(&w, s->kind >= 0 ? appointment_kind_labels[s->kind] : "");
			snprintf(minutes, sizeof(minutes), "%d", s->minutes);
			csv_cell_number(&w, minutes);
			csv_cell_text(&w, session_state_labels[s->state]);
			money_format(s->fee, decimals, 0, text);
			csv_cell_number(&w, text);
			csv_cell_text(&w, currency);
			csv_cell_text(&w, "");
			csv_cell_text(&w, "");
		} else {
			const struct payment_row *p = &t.p[pi++];

			if (p->refund)
				balance += p->amount;
			else if (p->state == PAY_PAID || p->state == PAY_MANUAL)
				balance -= p->amount;
			csv_cell_text(&w, p->date);
			csv_cell_text(&w, "");
			csv_cell_text(&w, p->refund ? "Refund" : "Payment");
			csv_cell_text(&w, p->method >= 0 ? method_labels[p->method] : "");
			csv_cell_text(&w, "");
			csv_cell_text(&w, p->refund ? "Refunded" : p->state >= 0 ?
			    pay_state_labels[p->state] : "");
			/* a refund is negative, as the tab shows it: the paid entries of the
			 * column sum to the tab's "Paid" */
			money_format(p->refund ? -p->amount : p->amount, decimals, 0, text);
			csv_cell_number(&w, text);
			csv_cell_text(&w, currency);
			csv_cell_text(&w, p->reference);
			csv_cell_text(&w, p->note);
		}
		money_format(balance, decimals, 0, text);
		csv_cell_number(&w, text);
		csv_row_end(&w);
	}
	if (w.failed) {
		log_error("out of memory");
		exit(1);
	}
	timeline_free(&t);
	audit_write(r, "client_exported", "client", c.id, "payments");
	snprintf(name, sizeof(name), "attachment; filename=\"payments-%lld.csv\"", c.id);
	http_header(&r->resp, "Content-Type", "text/csv; charset=utf-8");
	http_header(&r->resp, "Content-Disposition", name);
	client_free(&c);
}

/* ---- the portal ---- */

void
payments_portal(struct request *r)
{
	if (timeline_to_view(r, r->client.id, 1) == -1) {
		page_db_error(r);
		return;
	}
	audit_write(r, "client_viewed", "client", r->client.id, "portal payments");
	page_render_portal(r, "portal/payments.cs", "Payments");
}

int
payments_portal_summary(struct request *r)
{
	return timeline_to_view(r, r->client.id, 1);
}
