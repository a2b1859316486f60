/* clientdb.h: the client records: reading, saving, the search index, deleting; shared by the
 * directory, the profile, and later the import and the portal */
#ifndef CASEBOOK_CLIENTDB_H
#define CASEBOOK_CLIENTDB_H

#include "db.h"
#include "phone.h"
#include "when.h"

enum client_status {
	CLIENT_PENDING,
	CLIENT_ACTIVE,
	CLIENT_INACTIVE,
	CLIENT__MAX
};
extern const char *const client_statuses[CLIENT__MAX];	/* "pending", "active", "inactive" */
extern const char *const client_status_labels[CLIENT__MAX];	/* "Pending", ... */

/* The fields a client record holds, in the order of client_columns and the forms. */
enum client_field {
	CF_FIRST_NAME,
	CF_LAST_NAME,
	CF_PREFERRED_NAME,
	CF_EMAIL,
	CF_PHONE,
	CF_DATE_OF_BIRTH,
	CF_GENDER,
	CF_PRONOUNS,
	CF_ADDRESS,
	CF_OCCUPATION,
	CF_EMPLOYMENT,
	CF_RELATIONSHIP,
	CF_LIVING,
	CF_EMERGENCY_NAME,
	CF_EMERGENCY_PHONE,
	CF_EMERGENCY_RELATION,
	CF_DIAGNOSIS,
	CF_ICD10,
	CF_SYMPTOMS,
	CF__MAX
};
extern const char *const client_field_names[CF__MAX];	/* "first_name", ... (form and column) */
extern const char *const client_field_labels[CF__MAX];	/* "First name", ... */

struct client {
	long long		 id;
	char			*v[CF__MAX];		/* never NULL once loaded: "" when empty */
	enum client_status	 status;
	long long		 staff_id;		/* 0: unassigned */
	char			*staff_name;
	char			*joined_at;
	char			*updated_at;
};

/* The values of a client ready to save: what was typed, with phone numbers in E.164, the
 * date of birth in ISO form and the ICD-10 codes normalised. */
struct client_values {
	const char	*v[CF__MAX];
	char		 phone[PHONE_E164_MAX];
	char		 emergency_phone[PHONE_E164_MAX];
	char		 dob[11];
	char		 icd10[300];
	long long	 staff_id;
};

/* Normalise typed values (CF__MAX trimmed strings, "" for none; each already checked
 * against its declared field) into cv, pointing into typed and cv: phones read with country
 * (emergency_country for the emergency phone) as the default, the date of birth as YYYY-MM-DD
 * or in order, ICD-10 codes.  messages[i] gets the problem with field i or NULL; the number of
 * problems.  The one set of rules for the client form and the import. */
int	client_values_normalise(struct client_values *cv, const char *const *typed,
	    const char *country, const char *emergency_country, enum when_order order,
	    const char **messages);

/* 1 when status names a status, setting *out. */
int	client_status_parse(const char *, enum client_status *out);

/* Load client id, visible to scope_staff (0: any; else only when assigned to that staff id):
 * 1 found, 0 not found or out of reach, -1 error.  Free with client_free. */
int	db_client_get(struct db *, long long id, long long scope_staff, struct client *);
void	client_free(struct client *);
/* Is email used by a client other than except_id?  1 yes, 0 no, -1 error. */
int	db_client_email_taken(struct db *, const char *email, long long except_id);
/* Save a new Pending client from values (CF__MAX strings, "" for none; dates ISO, phones
 * E.164) assigned to staff_id (0: none); *id gets the new id.  Keeps the search index in step.
 * 0, -1 error (db_errno 1062: the email is taken). */
int	db_client_insert(struct db *, const char *const *values, long long staff_id, long long *id);
/* Save n new Pending clients at once (values[i]: CF__MAX strings as for db_client_insert,
 * staff_ids[i]: 0 for none), each tagged with tag_ids[k] for every k where tag_of[k] == i,
 * in a few statements whatever n (for an import); ids[i] get their ids.  Their search rows
 * are written once, with their final words; their search keys are left to
 * db_clients_key_pending (until then the searches read their words).  Inside the caller's
 * transaction.  0, or -1 (db_errno 1062: an email is taken). */
int	db_clients_insert_many(struct db *, const char *const *const *values,
	    const long long *staff_ids, size_t n, const size_t *tag_of, const long long *tag_ids,
	    size_t ntags, long long *ids);
/* Write the search keys of up to max clients saved by db_clients_insert_many, in a
 * transaction of its own; the number of waiting clients looked at (0: none was waiting), or
 * -1. */
long long db_clients_key_pending(struct db *, size_t max);
/* The clients who have the n addresses (ids[i], 0 for none), in one statement; 0 or -1. */
int	db_clients_by_email(struct db *, const char *const *emails, size_t n, long long *ids);
/* Save every field of client id, inside the caller's transaction.  A link of theirs not yet
 * used (invitation, confirmation, reset) that was sent to another address than the one saved
 * is revoked with it; *revoked (NULL: not wanted) gets how many.  0 or -1. */
int	db_client_update(struct db *, long long id, const char *const *values, long long staff_id,
	    long long *revoked);
/* Set the status of one client (reach checked by the caller); *changed gets 1 when it
 * changed.  Deactivating ends the client's portal sessions.  0 or -1. */
int	db_client_set_status(struct db *, long long id, enum client_status, int *changed);
/* Assign (staff_id > 0) or unassign (0); *changed gets 1 when it changed; 0 or -1. */
int	db_client_assign(struct db *, long long id, long long staff_id, int *changed);
/* Delete a client and all that belongs to them inside the caller's transaction; the storage
 * keys of their files are appended to keys (one per line) for removal after the commit.
 * 0 or -1. */
int	db_client_delete(struct db *, long long id, struct buf *keys);
/* Sizes of client_search's columns (sql/007_client_search.sql): the client's own words, all
 * their words with the tags' names, and a tag's folded name. */
#define CLIENT_WORDS_OWN_MAX	1000
#define CLIENT_WORDS_MAX_SQL	"2000"
#define TAG_SEARCH_NAME_MAX	401	/* with the NUL */
/* Recompute the own search words (client_search.own_words) and the search keys of a
 * client from its names, email and phone; 0 or -1.  db_client_sync follows. */
int	db_client_reindex(struct db *, long long id);
/* Bring what is derived from the clients of ids (a JSON array of ids) in line with their
 * records and tags, inside the caller's transaction: each search row's status, staff, sort
 * name, join date and words (own words and tag names), the kept search counts' change log
 * (search_changes) for every row that changes, the counts per status and staff
 * (client_counts), and the status and staff of their search keys.  Every change to a client's
 * status, staff, names or tags is followed by it: no trigger does this.  0 or -1. */
int	db_clients_sync(struct db *, const char *ids);
/* The same for one client. */
int	db_client_sync(struct db *, long long id);
/* What db_clients_check_all found out of line and set right. */
struct clients_check {
	long long	 clients;	/* about how many were checked (by the thousand) */
	long long	 rows_added;	/* clients without a search row */
	long long	 words_fixed;	/* clients whose own search words were not their records' */
	long long	 counts_fixed;	/* counts per status and staff that were wrong */
	long long	 tags_fixed;	/* tags whose count of clients was wrong */
};
/* Check every client's derived rows against the records and set right what is not (a change
 * made by hand in SQL): a missing search row, own words, db_clients_sync of every client, the
 * counts per status and staff, the tags' counts.  Clients deleted by hand leave the kept
 * search counts wrong (counts_fixed > 0 says so): the caller builds those again.  0 or -1. */
int	db_clients_check_all(struct db *, struct clients_check *);
/* The ids of a tag's clients as a JSON array, appended to ids; 0 or -1. */
int	db_tag_clients(struct db *, long long tag_id, struct buf *ids);
/* Add n (or take -n) to a tag's count of clients, for links made or removed in bulk; 0 or
 * -1. */
int	db_tag_count_add(struct db *, long long tag_id, long long n);
/* Count the clients of a tag again (tags.client_count); 0 or -1. */
int	db_tag_recount(struct db *, long long tag_id);

/* Tags of one client, names joined by '\x1f'; into out.  0 or -1. */
int	db_client_tags(struct db *, long long id, struct buf *out);
/* Find a tag by name or, when may_create, create it; *tag_id, 0 when there is none and
 * may_create is 0.  0, or -1. */
int	db_tag_ensure(struct db *, const char *name, int may_create, long long *tag_id);
/* Tag / untag a client; *changed gets 1 when something changed; 0 or -1. */
int	db_client_tag_add(struct db *, long long client_id, long long tag_id, int *changed);
int	db_client_tag_remove(struct db *, long long client_id, long long tag_id, int *changed);

#endif
