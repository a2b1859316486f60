/* clientdb.c: the client records: reading, saving, the search index, deleting */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clientdb.h"
#include "log.h"
#include "session.h"
#include "text.h"

const char *const client_statuses[CLIENT__MAX] = {
	"pending",	/* CLIENT_PENDING */
	"active",	/* CLIENT_ACTIVE */
	"inactive",	/* CLIENT_INACTIVE */
};

const char *const client_status_labels[CLIENT__MAX] = {
	"Pending",	/* CLIENT_PENDING */
	"Active",	/* CLIENT_ACTIVE */
	"Inactive",	/* CLIENT_INACTIVE */
};

const char *const client_field_names[CF__MAX] = {
	"first_name", "last_name", "preferred_name", "email", "phone", "date_of_birth",
	"gender", "pronouns", "address", "occupation", "employment_status",
	"relationship_status", "living_arrangement", "emergency_name", "emergency_phone",
	"emergency_relation", "diagnosis", "icd10_codes", "symptoms",
};

const char *const client_field_labels[CF__MAX] = {
	"First name", "Last name", "Preferred name", "Email", "Phone", "Date of birth",
	"Gender", "Pronouns", "Address", "Occupation", "Employment status",
	"Relationship status", "Living arrangement", "Emergency contact",
	"Emergency contact phone", "Relationship to client", "Diagnosis", "ICD-10 codes",
	"Symptoms",
};

/* The columns in enum client_field order. */
#define CLIENT_COLUMNS \
	"c.first_name, c.last_name, c.preferred_name, c.email, c.phone, " \
	"COALESCE(DATE_FORMAT(c.date_of_birth, '%Y-%m-%d'), ''), c.gender, c.pronouns, " \
	"c.address, c.occupation, c.employment_status, c.relationship_status, " \
	"c.living_arrangement, c.emergency_name, c.emergency_phone, c.emergency_relation, " \
	"c.diagnosis, c.icd10_codes, c.symptoms"

#define KEYS_MAX	1600	/* one per character of the longest search text */

enum stmt {
	STMT_GET,
	STMT_EMAIL_TAKEN,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_TOKENS_READDRESS,
	STMT_SET_STATUS,
	STMT_END_PORTAL_SESSIONS,
	STMT_ASSIGN,
	STMT_FILE_KEYS,
	STMT_DELETE_TOKENS,
	STMT_DELETE_TAGS,
	STMT_DELETE,
	STMT_SEARCH_SOURCE,
	STMT_SET_SEARCH_WORDS,
	STMT_KEYS_CLEAR,
	STMT_KEYS_ADD,
	STMT_TAGS,
	STMT_TAG_FIND,
	STMT_TAG_CREATE,
	STMT_TAG_ADD,
	STMT_TAG_REMOVE,
	STMT_INSERT_MANY,
	STMT_IDS_BY_EMAIL,
	STMT_KEYS_ADD_MANY,
	STMT_TAGS_ADD_MANY,
	STMT_TAG_COUNTS_MANY,
	STMT_SEARCH_MANY,
	STMT_COUNTS_MANY,
	STMT_UNKEYED_MANY,
	STMT_UNKEYED_FIRST,
	STMT_UNKEYED_NEXT,
	STMT_UNKEYED_DONE,
	STMT_UNKEYED_FORGET,
	STMT_SEARCH_ROW_NEW,
	STMT_COUNT_NEW,
	STMT_DELETE_CHANGE,
	STMT_DELETE_COUNT,
	STMT_DELETE_TAG_COUNTS,
	STMT_TAG_COUNT_ADD,
	STMT_TAG_RECOUNT,
	STMT_CHANGES_MANY,
	STMT_TAG_CLIENTS,
	STMT_CHECK_MISSING_ROWS,
	STMT_CHECK_WORDS_PAGE,
	STMT_CHECK_IDS_PAGE,
	STMT_CHECK_COUNTS_DRIFT,
	STMT_CHECK_COUNTS_CLEAR,
	STMT_CHECK_COUNTS_FILL,
	STMT_CHECK_TAGS,
	STMT_SYNC_LOCK,
	STMT_SYNC_CHANGES,
	STMT_SYNC_COUNTS_OLD,
	STMT_SYNC_COUNTS_NEW,
	STMT_SYNC_KEYS,
	STMT_SYNC_ROWS,
	STMT_CHECKS_OFF,
	STMT_CHECKS_ON,
	STMT__MAX
};

/* The columns of a client in a JSON array ([first, last, ..., symptoms, staff]), read by
 * JSON_TABLE: many rows in one statement with one bound value. */
#define J_TEXT(n, i)	n " VARCHAR(" #i ") CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PATH "
/* A search key (lib/text.h: TEXT_KEY_MAX), its bytes as they are. */
#define J_KEY(n)	n " VARBINARY(64) PATH "
#define JSON_CLIENT_COLUMNS \
	"n FOR ORDINALITY, " \
	J_TEXT("first_name", 100) "'$[0]', " J_TEXT("last_name", 100) "'$[1]', " \
	J_TEXT("preferred_name", 100) "'$[2]', " J_TEXT("email", 254) "'$[3]', " \
	J_TEXT("phone", 20) "'$[4]', " J_TEXT("date_of_birth", 10) "'$[5]', " \
	J_TEXT("gender", 50) "'$[6]', " J_TEXT("pronouns", 50) "'$[7]', " \
	J_TEXT("address", 500) "'$[8]', " J_TEXT("occupation", 100) "'$[9]', " \
	J_TEXT("employment_status", 50) "'$[10]', " J_TEXT("relationship_status", 50) "'$[11]', " \
	J_TEXT("living_arrangement", 100) "'$[12]', " J_TEXT("emergency_name", 200) "'$[13]', " \
	J_TEXT("emergency_phone", 20) "'$[14]', " J_TEXT("emergency_relation", 100) "'$[15]', " \
	J_TEXT("diagnosis", 5000) "'$[16]', " J_TEXT("icd10_codes", 255) "'$[17]', " \
	J_TEXT("symptoms", 5000) "'$[18]', staff_id BIGINT UNSIGNED PATH '$[19]'"

/* A JSON array of client ids as rows j.id. */
#define JSON_IDS	"JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) j"
/* The words of the search row cs as they are to be: the client's own words, then its tags'
 * names. */
#define SEARCH_WORDS(cs) \
	"LEFT(CONCAT(" cs ".own_words, COALESCE((SELECT GROUP_CONCAT(CONCAT(' ', t.search_name) " \
	"ORDER BY t.id SEPARATOR '') FROM client_tags ct JOIN tags t ON t.id = ct.tag_id " \
	"WHERE ct.client_id = " cs ".id), '')), " CLIENT_WORDS_MAX_SQL ")"

static const char *const stmts[STMT__MAX] = {
	/* STMT_GET */
	"SELECT c.id, " CLIENT_COLUMNS ", c.status, COALESCE(c.assigned_staff_id, 0), "
	"COALESCE(s.name, ''), c.joined_at, c.updated_at FROM clients c "
	"LEFT JOIN staff s ON s.id = c.assigned_staff_id "
	"WHERE c.id = ? AND (? = 0 OR c.assigned_staff_id = ?)",
	/* STMT_EMAIL_TAKEN */
	"SELECT COUNT(*) FROM clients WHERE email = ? AND id <> ?",
	/* STMT_INSERT */
	"INSERT INTO clients (first_name, last_name, preferred_name, email, phone, date_of_birth, "
	"gender, pronouns, address, occupation, employment_status, relationship_status, "
	"living_arrangement, emergency_name, emergency_phone, emergency_relation, diagnosis, "
	"icd10_codes, symptoms, status, assigned_staff_id, joined_at, created_at, updated_at, "
	"sort_name) VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"'pending', NULLIF(?, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
	"CONCAT(?, ' ', ?))",
	/* STMT_UPDATE */
	"UPDATE clients SET first_name = ?, last_name = ?, preferred_name = ?, email = ?, "
	"phone = ?, date_of_birth = NULLIF(?, ''), gender = ?, pronouns = ?, address = ?, "
	"occupation = ?, employment_status = ?, relationship_status = ?, living_arrangement = ?, "
	"emergency_name = ?, emergency_phone = ?, emergency_relation = ?, diagnosis = ?, "
	"icd10_codes = ?, symptoms = ?, assigned_staff_id = NULLIF(?, 0), "
	"sort_name = CONCAT(?, ' ', ?), updated_at = UTC_TIMESTAMP() WHERE id = ?",
	/* STMT_TOKENS_READDRESS: a link mailed to an address the client no longer has must not
	 * set the password of the record */
	"UPDATE tokens SET revoked_at = UTC_TIMESTAMP() WHERE kind IN ('invite', "
	"'verify_email', 'reset') AND subject_id = ? AND NOT (email <=> ?) "
	"AND used_at IS NULL AND revoked_at IS NULL",
	/* STMT_SET_STATUS */
	"UPDATE clients SET status = ?, updated_at = UTC_TIMESTAMP() WHERE id = ? AND status <> ?",
	/* STMT_END_PORTAL_SESSIONS */
	"DELETE FROM auth_sessions WHERE user_kind = 'client' AND user_id = ?",
	/* STMT_ASSIGN */
	"UPDATE clients SET assigned_staff_id = NULLIF(?, 0), updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND NOT (assigned_staff_id <=> NULLIF(?, 0))",
	/* STMT_FILE_KEYS */
	"SELECT storage_key FROM files WHERE client_id = ?",
	/* STMT_DELETE_TOKENS: invitations and password resets (portal_accounts cascade) */
	"DELETE FROM tokens WHERE subject_id = ?",
	/* STMT_DELETE_TAGS */
	"DELETE FROM client_tags WHERE client_id = ?",
	/* STMT_DELETE: search keys and files rows go with it (foreign keys cascade) */
	"DELETE FROM clients WHERE id = ?",
	/* STMT_SEARCH_SOURCE */
	"SELECT first_name, last_name, preferred_name, email, phone FROM clients WHERE id = ?",
	/* STMT_SET_SEARCH_WORDS: the client's own words (the words with its tags' names follow
	 * in db_clients_sync) */
	"UPDATE client_search SET own_words = ? WHERE id = ?",
	/* STMT_KEYS_CLEAR */
	"DELETE FROM client_search_keys WHERE client_id = ?",
	/* STMT_KEYS_ADD: a JSON array of one client's keys, with its status and staff */
	"INSERT IGNORE INTO client_search_keys (search_key, client_id, status, staff_id) "
	"SELECT j.k, cs.id, cs.status, cs.staff_id FROM client_search cs JOIN JSON_TABLE(?, "
	"'$[*]' COLUMNS (" J_KEY("k") "'$')) j WHERE cs.id = ?",
	/* STMT_TAGS */
	"SELECT t.id, t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
	"WHERE ct.client_id = ? ORDER BY t.name",
	/* STMT_TAG_FIND */
	"SELECT id FROM tags WHERE name = ?",
	/* STMT_TAG_CREATE */
	"INSERT INTO tags (name, search_name, created_at) VALUES (?, ?, UTC_TIMESTAMP())",
	/* STMT_TAG_ADD */
	"INSERT IGNORE INTO client_tags (client_id, tag_id) VALUES (?, ?)",
	/* STMT_TAG_REMOVE */
	"DELETE FROM client_tags WHERE client_id = ? AND tag_id = ?",
	/* STMT_INSERT_MANY: as STMT_INSERT, for every client of a JSON array, in its order */
	"INSERT INTO clients (first_name, last_name, preferred_name, email, phone, date_of_birth, "
	"gender, pronouns, address, occupation, employment_status, relationship_status, "
	"living_arrangement, emergency_name, emergency_phone, emergency_relation, diagnosis, "
	"icd10_codes, symptoms, status, assigned_staff_id, joined_at, created_at, updated_at, "
	"sort_name) SELECT j.first_name, j.last_name, j.preferred_name, j.email, "
	"j.phone, NULLIF(j.date_of_birth, ''), j.gender, j.pronouns, j.address, j.occupation, "
	"j.employment_status, j.relationship_status, j.living_arrangement, j.emergency_name, "
	"j.emergency_phone, j.emergency_relation, j.diagnosis, j.icd10_codes, j.symptoms, "
	"'pending', NULLIF(j.staff_id, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
	"CONCAT(j.last_name, ' ', j.first_name) "
	"FROM JSON_TABLE(?, '$[*]' COLUMNS (" JSON_CLIENT_COLUMNS ")) j ORDER BY j.n",
	/* STMT_IDS_BY_EMAIL: the clients of a JSON array of addresses, by position (from 1) */
	"SELECT j.n, c.id FROM JSON_TABLE(?, '$[*]' COLUMNS (n FOR ORDINALITY, "
	J_TEXT("email", 254) "'$')) j JOIN clients c ON c.email = j.email",
	/* STMT_KEYS_ADD_MANY: [[key, client id, status, staff id], ...] in the order of the keys,
	 * so the index takes them in its own order */
	"INSERT IGNORE INTO client_search_keys (search_key, client_id, status, staff_id) "
	"SELECT j.k, j.id, j.st, j.s FROM JSON_TABLE(?, '$[*]' COLUMNS (" J_KEY("k") "'$[0]', "
	"id BIGINT UNSIGNED PATH '$[1]', st VARCHAR(10) PATH '$[2]', "
	"s BIGINT UNSIGNED PATH '$[3]')) j",
	/* STMT_TAGS_ADD_MANY: [[client id, tag id], ...] of new clients, their counts and words
	 * written by STMT_TAG_COUNTS_MANY and STMT_SEARCH_MANY */
	"INSERT IGNORE INTO client_tags (client_id, tag_id) SELECT j.c, j.t FROM "
	"JSON_TABLE(?, '$[*]' COLUMNS (c BIGINT UNSIGNED PATH '$[0]', "
	"t BIGINT UNSIGNED PATH '$[1]')) j",
	/* STMT_TAG_COUNTS_MANY: [client id, ...] of new clients: their tags' counts */
	"UPDATE tags t JOIN (SELECT ct.tag_id, COUNT(*) n FROM JSON_TABLE(?, '$[*]' COLUMNS "
	"(id BIGINT UNSIGNED PATH '$')) j STRAIGHT_JOIN client_tags ct ON ct.client_id = j.id "
	"GROUP BY ct.tag_id) x ON x.tag_id = t.id SET t.client_count = t.client_count + x.n",
	/* STMT_SEARCH_MANY: [[client id, own words], ...] of new clients: their search rows,
	 * with the words as STMT_SET_SEARCH_WORDS makes them */
	"INSERT INTO client_search (id, status, staff_id, sort_name, joined_at, own_words, words) "
	"SELECT c.id, c.status, COALESCE(c.assigned_staff_id, 0), c.sort_name, c.joined_at, j.w, "
	"LEFT(CONCAT(j.w, COALESCE((SELECT GROUP_CONCAT(CONCAT(' ', t.search_name) ORDER BY t.id "
	"SEPARATOR '') FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
	"WHERE ct.client_id = c.id), '')), " CLIENT_WORDS_MAX_SQL ") "
	"FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$[0]', "
	"w VARBINARY(1000) PATH '$[1]')) j STRAIGHT_JOIN clients c ON c.id = j.id",
	/* STMT_COUNTS_MANY: [client id, ...] of new clients: client_counts */
	"INSERT INTO client_counts (staff_id, status, n) SELECT COALESCE(c.assigned_staff_id, 0), "
	"c.status, COUNT(*) FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) j "
	"STRAIGHT_JOIN clients c ON c.id = j.id GROUP BY 1, 2 "
	"ON DUPLICATE KEY UPDATE n = n + VALUES(n)",
	/* STMT_UNKEYED_MANY: [client id, ...]: their keys are written later */
	"INSERT INTO client_search_unkeyed (client_id) SELECT j.id FROM JSON_TABLE(?, '$[*]' "
	"COLUMNS (id BIGINT UNSIGNED PATH '$')) j",
	/* STMT_UNKEYED_FIRST: the first clients waiting for their keys (with a search row, as
	 * every client has) */
	"SELECT u.client_id FROM client_search_unkeyed u STRAIGHT_JOIN client_search cs "
	"ON cs.id = u.client_id ORDER BY u.client_id LIMIT ?",
	/* STMT_UNKEYED_NEXT: [client id, ...] of STMT_UNKEYED_FIRST still waiting, with their
	 * words, status and staff; each search row locked before its place on the list, in the
	 * order a save of the client takes them (its search row by a trigger, then
	 * db_client_reindex) */
	"SELECT cs.id, cs.own_words, cs.status, cs.staff_id FROM JSON_TABLE(?, '$[*]' COLUMNS "
	"(id BIGINT UNSIGNED PATH '$')) j STRAIGHT_JOIN client_search cs ON cs.id = j.id "
	"STRAIGHT_JOIN client_search_unkeyed u ON u.client_id = cs.id ORDER BY j.id FOR UPDATE",
	/* STMT_UNKEYED_DONE: [client id, ...] keyed */
	"DELETE u FROM client_search_unkeyed u JOIN JSON_TABLE(?, '$[*]' COLUMNS "
	"(id BIGINT UNSIGNED PATH '$')) j ON u.client_id = j.id",
	/* STMT_UNKEYED_FORGET: one client, keyed now */
	"DELETE FROM client_search_unkeyed WHERE client_id = ?",
	/* STMT_SEARCH_ROW_NEW: a new client's search row, its words written by db_client_reindex
	 * and then sync */
	"INSERT INTO client_search (id, status, staff_id, sort_name, joined_at) "
	"SELECT id, status, COALESCE(assigned_staff_id, 0), sort_name, joined_at FROM clients "
	"WHERE id = ?",
	/* STMT_COUNT_NEW */
	"INSERT INTO client_counts (staff_id, status, n) SELECT COALESCE(assigned_staff_id, 0), "
	"status, 1 FROM clients WHERE id = ? ON DUPLICATE KEY UPDATE n = n + 1",
	/* STMT_DELETE_CHANGE: what the kept search counts lose with a client (a cascade would
	 * remove the search row without a word) */
	"INSERT INTO search_changes (old_status, old_staff_id, old_words) "
	"SELECT status, staff_id, words FROM client_search WHERE id = ?",
	/* STMT_DELETE_COUNT */
	"UPDATE client_counts cc JOIN clients c ON cc.staff_id = COALESCE(c.assigned_staff_id, 0) "
	"AND cc.status = c.status SET cc.n = cc.n - 1 WHERE c.id = ?",
	/* STMT_DELETE_TAG_COUNTS: the client's tags each lose it */
	"UPDATE tags t JOIN client_tags ct ON ct.tag_id = t.id "
	"SET t.client_count = t.client_count - 1 WHERE ct.client_id = ?",
	/* STMT_TAG_COUNT_ADD */
	"UPDATE tags SET client_count = client_count + ? WHERE id = ?",
	/* STMT_TAG_RECOUNT */
	"UPDATE tags SET client_count = (SELECT COUNT(*) FROM client_tags WHERE tag_id = ?) "
	"WHERE id = ?",
	/* STMT_CHANGES_MANY: [client id, ...] of new clients: what the kept counts gain */
	"INSERT INTO search_changes (new_status, new_staff_id, new_words) "
	"SELECT cs.status, cs.staff_id, cs.words FROM " JSON_IDS " STRAIGHT_JOIN client_search cs "
	"ON cs.id = j.id",
	/* STMT_TAG_CLIENTS: a tag's clients, as a JSON array */
	"SELECT COALESCE(JSON_ARRAYAGG(client_id), '[]') FROM client_tags WHERE tag_id = ?",
	/* STMT_CHECK_MISSING_ROWS: clients added without their search row (by hand in SQL) */
	"INSERT INTO client_search (id, status, staff_id, sort_name, joined_at) "
	"SELECT c.id, c.status, COALESCE(c.assigned_staff_id, 0), c.sort_name, c.joined_at "
	"FROM clients c WHERE NOT EXISTS (SELECT 1 FROM client_search cs WHERE cs.id = c.id)",
	/* STMT_CHECK_WORDS_PAGE: what a client's own words are made of, and what they are */
	"SELECT c.id, c.first_name, c.last_name, c.preferred_name, c.email, c.phone, "
	"cs.own_words FROM clients c JOIN client_search cs ON cs.id = c.id WHERE c.id > ? "
	"ORDER BY c.id LIMIT 1000",
	/* STMT_CHECK_IDS_PAGE: the next thousand clients, as a JSON array, and the last id */
	"SELECT COALESCE(JSON_ARRAYAGG(x.id), '[]'), COALESCE(MAX(x.id), 0) FROM (SELECT id "
	"FROM clients WHERE id > ? ORDER BY id LIMIT 1000) x",
	/* STMT_CHECK_COUNTS_DRIFT: counts per status and staff that disagree with the clients */
	"SELECT COUNT(*) FROM (SELECT COALESCE(c.assigned_staff_id, 0) s, c.status st, COUNT(*) n "
	"FROM clients c GROUP BY 1, 2) x LEFT JOIN client_counts cc ON cc.staff_id = x.s AND "
	"cc.status = x.st WHERE cc.n IS NULL OR cc.n <> x.n UNION ALL SELECT COUNT(*) FROM "
	"client_counts cc WHERE cc.n <> 0 AND NOT EXISTS (SELECT 1 FROM clients c WHERE "
	"COALESCE(c.assigned_staff_id, 0) = cc.staff_id AND c.status = cc.status)",
	/* STMT_CHECK_COUNTS_CLEAR */
	"DELETE FROM client_counts",
	/* STMT_CHECK_COUNTS_FILL */
	"INSERT INTO client_counts (staff_id, status, n) SELECT COALESCE(assigned_staff_id, 0), "
	"status, COUNT(*) FROM clients GROUP BY 1, 2",
	/* STMT_CHECK_TAGS: tags whose count disagrees with their clients, counted again */
	"UPDATE tags t SET t.client_count = (SELECT COUNT(*) FROM client_tags ct "
	"WHERE ct.tag_id = t.id) WHERE t.client_count <> (SELECT COUNT(*) FROM client_tags ct "
	"WHERE ct.tag_id = t.id)",
	/* STMT_SYNC_LOCK: [client id, ...]: their search rows, locked in one order before they
	 * are read for the statements below */
	"SELECT cs.id FROM " JSON_IDS " STRAIGHT_JOIN client_search cs ON cs.id = j.id "
	"ORDER BY cs.id FOR UPDATE",
	/* STMT_SYNC_CHANGES: each search row that is to change, as it is and as it will be */
	"INSERT INTO search_changes (old_status, old_staff_id, old_words, new_status, "
	"new_staff_id, new_words) SELECT x.os, x.osf, x.ow, x.ns, x.nsf, x.nw FROM (SELECT "
	"cs.status os, cs.staff_id osf, cs.words ow, c.status ns, "
	"COALESCE(c.assigned_staff_id, 0) nsf, " SEARCH_WORDS("cs") " nw FROM " JSON_IDS " "
	"STRAIGHT_JOIN client_search cs ON cs.id = j.id STRAIGHT_JOIN clients c ON c.id = cs.id) x "
	"WHERE NOT (x.os <=> x.ns AND x.osf <=> x.nsf AND BINARY x.ow = BINARY x.nw)",
	/* STMT_SYNC_COUNTS_OLD: the counts of the status and staff a client leaves */
	"INSERT INTO client_counts (staff_id, status, n) SELECT cs.staff_id, cs.status, -COUNT(*) "
	"FROM " JSON_IDS " STRAIGHT_JOIN client_search cs ON cs.id = j.id STRAIGHT_JOIN clients c "
	"ON c.id = cs.id WHERE NOT (cs.status <=> c.status AND "
	"cs.staff_id <=> COALESCE(c.assigned_staff_id, 0)) GROUP BY cs.staff_id, cs.status "
	"ON DUPLICATE KEY UPDATE n = n + VALUES(n)",
	/* STMT_SYNC_COUNTS_NEW: and of those it joins */
	"INSERT INTO client_counts (staff_id, status, n) SELECT COALESCE(c.assigned_staff_id, 0), "
	"c.status, COUNT(*) FROM " JSON_IDS " STRAIGHT_JOIN client_search cs ON cs.id = j.id "
	"STRAIGHT_JOIN clients c ON c.id = cs.id WHERE NOT (cs.status <=> c.status AND "
	"cs.staff_id <=> COALESCE(c.assigned_staff_id, 0)) GROUP BY 1, 2 "
	"ON DUPLICATE KEY UPDATE n = n + VALUES(n)",
	/* STMT_SYNC_KEYS: the search keys carry the status and staff they are filtered by */
	"UPDATE client_search_keys k JOIN (SELECT c.id, c.status, "
	"COALESCE(c.assigned_staff_id, 0) s FROM " JSON_IDS " STRAIGHT_JOIN client_search cs "
	"ON cs.id = j.id STRAIGHT_JOIN clients c ON c.id = cs.id WHERE NOT (cs.status <=> c.status "
	"AND cs.staff_id <=> COALESCE(c.assigned_staff_id, 0))) x ON k.client_id = x.id "
	"SET k.status = x.status, k.staff_id = x.s",
	/* STMT_SYNC_ROWS: the search rows as the clients and their tags are now */
	"UPDATE client_search cs JOIN " JSON_IDS " ON cs.id = j.id JOIN clients c ON c.id = cs.id "
	"SET cs.status = c.status, cs.staff_id = COALESCE(c.assigned_staff_id, 0), "
	"cs.sort_name = c.sort_name, cs.joined_at = c.joined_at, cs.words = " SEARCH_WORDS("cs"),
	/* STMT_CHECKS_OFF: for the search keys of clients whose rows the same transaction holds
	 * locked (STMT_UNKEYED_NEXT), checking each row's client again is wasted work */
	"SET SESSION foreign_key_checks = 0",
	/* STMT_CHECKS_ON */
	"SET SESSION foreign_key_checks = 1",
};

int
client_status_parse(const char *s, enum client_status *out)
{
	int	 i;

	for (i = 0; i < CLIENT__MAX; i++)
		if (strcmp(s, client_statuses[i]) == 0) {
			*out = (enum client_status)i;
			return 1;
		}
	return 0;
}

/* ICD-10 codes separated by commas or spaces, each like F41.1; upper-cased, joined by ", ".
 * 0, or -1 when one is not a code. */
static int
icd10_normalise(const char *in, char *out, size_t size)
{
	char	 code[16];
	size_t	 n, len = 0;
	int	 i;

	out[0] = '\0';
	while (*in != '\0') {
		while (*in == ',' || *in == ' ' || *in == ';')
			in++;
		if (*in == '\0')
			break;
		for (n = 0; *in != '\0' && *in != ',' && *in != ' ' && *in != ';'; in++) {
			if (n + 1 >= sizeof(code))
				return -1;
			code[n++] = (char)toupper((unsigned char)*in);
		}
		code[n] = '\0';
		/* letter, two digits (the second may be a letter), then .1 to .4 more */
		if (n < 3 || !isupper((unsigned char)code[0]) || !isdigit((unsigned char)code[1]) ||
		    !isalnum((unsigned char)code[2]))
			return -1;
		if (n > 3) {
			if (code[3] != '.' || n < 5 || n > 8)
				return -1;
			for (i = 4; i < (int)n; i++)
				if (!isalnum((unsigned char)code[i]))
					return -1;
		}
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ", " : "", code);
		if (len >= size)
			return -1;
	}
	return 0;
}

int
client_values_normalise(struct client_values *cv, const char *const *typed,
    const char *country, const char *emergency_country, enum when_order order,
    const char **messages)
{
	enum phone_result	 pr;
	int			 i, n = 0;

	memset(cv, 0, sizeof(*cv));
	for (i = 0; i < CF__MAX; i++) {
		cv->v[i] = typed[i];
		messages[i] = NULL;
	}
	if (*typed[CF_PHONE] != '\0') {
		pr = phone_parse(typed[CF_PHONE], country, cv->phone);
		if (pr == PHONE_NO_COUNTRY)
			messages[CF_PHONE] = "Add the country code (like +44) or choose the country.";
		else if (pr != PHONE_OK)
			messages[CF_PHONE] = "This does not look like a phone number.";
		cv->v[CF_PHONE] = cv->phone;
	}
	if (*typed[CF_EMERGENCY_PHONE] != '\0') {
		pr = phone_parse(typed[CF_EMERGENCY_PHONE], emergency_country,
		    cv->emergency_phone);
		if (pr == PHONE_NO_COUNTRY)
			messages[CF_EMERGENCY_PHONE] =
			    "Add the country code (like +44) or choose the country.";
		else if (pr != PHONE_OK)
			messages[CF_EMERGENCY_PHONE] = "This does not look like a phone number.";
		cv->v[CF_EMERGENCY_PHONE] = cv->emergency_phone;
	}
	if (*typed[CF_DATE_OF_BIRTH] != '\0') {
		if (when_parse_date(typed[CF_DATE_OF_BIRTH], order, cv->dob) == -1)
			messages[CF_DATE_OF_BIRTH] = order == WHEN_MDY ?
			    "Enter a date like 12/31/1980 or 1980-12-31." :
			    "Enter a date like 31/12/1980 or 1980-12-31.";
		else if (when_age(cv->dob) < 0)
			messages[CF_DATE_OF_BIRTH] = "The date of birth is in the future.";
		cv->v[CF_DATE_OF_BIRTH] = cv->dob;
	}
	if (*typed[CF_ICD10] != '\0') {
		if (icd10_normalise(typed[CF_ICD10], cv->icd10, sizeof(cv->icd10)) == -1)
			messages[CF_ICD10] = "Use ICD-10 codes like F41.1, separated by commas.";
		cv->v[CF_ICD10] = cv->icd10;
	}
	for (i = 0; i < CF__MAX; i++)
		if (messages[i] != NULL)
			n++;
	return n;
}

static char *
dup_text(const char *s)
{
	char	*p = strdup(s != NULL ? s : "");

	if (p == NULL) {
		log_error("out of memory");
		exit(1);
	}
	return p;
}

void
client_free(struct client *c)
{
	int	 i;

	for (i = 0; i < CF__MAX; i++)
		free(c->v[i]);
	free(c->staff_name);
	free(c->joined_at);
	free(c->updated_at);
	memset(c, 0, sizeof(*c));
}

int
db_client_get(struct db *db, long long id, long long scope_staff, struct client *c)
{
	struct db_query	 q;
	int		 rc, i;

	memset(c, 0, sizeof(*c));
	db_query_init(&q, db, stmts[STMT_GET]);
	db_bind_int(&q, id);
	db_bind_int(&q, scope_staff);
	db_bind_int(&q, scope_staff);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((rc = db_query_next(&q)) == 1) {
		c->id = db_col_int(&q, 0);
		for (i = 0; i < CF__MAX; i++)
			c->v[i] = dup_text(db_col_str(&q, 1 + (size_t)i));
		client_status_parse(db_col_str(&q, 1 + CF__MAX), &c->status);
		c->staff_id = db_col_int(&q, 2 + CF__MAX);
		c->staff_name = dup_text(db_col_str(&q, 3 + CF__MAX));
		c->joined_at = dup_text(db_col_str(&q, 4 + CF__MAX));
		c->updated_at = dup_text(db_col_str(&q, 5 + CF__MAX));
	}
	db_query_end(&q);
	return rc;
}

int
db_client_email_taken(struct db *db, const char *email, long long except_id)
{
	struct db_query	 q;
	long long	 n;

	db_query_init(&q, db, stmts[STMT_EMAIL_TAKEN]);
	db_bind_text(&q, email);
	db_bind_int(&q, except_id);
	if (db_scalar_int(&q, &n) == -1)
		return -1;
	return n > 0;
}

static void
bind_fields(struct db_query *q, const char *const *v)
{
	int	 i;

	for (i = 0; i < CF__MAX; i++)
		db_bind_text(q, v[i] != NULL ? v[i] : "");
}

int
db_client_insert(struct db *db, const char *const *v, long long staff_id, long long *id)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_INSERT]);
	bind_fields(&q, v);
	db_bind_int(&q, staff_id);
	db_bind_text(&q, v[CF_LAST_NAME]);
	db_bind_text(&q, v[CF_FIRST_NAME]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	*id = (long long)q.insert_id;
	db_query_end(&q);
	/* its search row and its place in the counts, then its words and keys */
	db_query_init(&q, db, stmts[STMT_SEARCH_ROW_NEW]);
	db_bind_int(&q, *id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_COUNT_NEW]);
	db_bind_int(&q, *id);
	if (db_exec(&q, NULL) == -1 || db_client_reindex(db, *id) == -1)
		return -1;
	return db_client_sync(db, *id);
}

int
db_client_update(struct db *db, long long id, const char *const *v, long long staff_id,
    long long *revoked)
{
	struct db_query		 q;
	unsigned long long	 n;

	db_query_init(&q, db, stmts[STMT_UPDATE]);
	bind_fields(&q, v);
	db_bind_int(&q, staff_id);
	db_bind_text(&q, v[CF_LAST_NAME]);
	db_bind_text(&q, v[CF_FIRST_NAME]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_TOKENS_READDRESS]);
	db_bind_int(&q, id);
	db_bind_text(&q, v[CF_EMAIL] != NULL ? v[CF_EMAIL] : "");
	if (db_exec(&q, &n) == -1)
		return -1;
	if (revoked != NULL)
		*revoked = (long long)n;
	if (db_client_reindex(db, id) == -1)
		return -1;
	return db_client_sync(db, id);
}

int
db_client_set_status(struct db *db, long long id, enum client_status status, int *changed)
{
	struct db_query		 q;
	unsigned long long	 n;

	*changed = 0;
	db_query_init(&q, db, stmts[STMT_SET_STATUS]);
	db_bind_text(&q, client_statuses[status]);
	db_bind_int(&q, id);
	db_bind_text(&q, client_statuses[status]);
	if (db_exec(&q, &n) == -1)
		return -1;
	*changed = n > 0;
	if (*changed && db_client_sync(db, id) == -1)
		return -1;
	if (status == CLIENT_INACTIVE) {
		/* Access is suspended at once: any portal session ends now. */
		db_query_init(&q, db, stmts[STMT_END_PORTAL_SESSIONS]);
		db_bind_int(&q, id);
		if (db_exec(&q, NULL) == -1)
			return -1;
	}
	return 0;
}

int
db_client_assign(struct db *db, long long id, long long staff_id, int *changed)
{
	struct db_query		 q;
	unsigned long long	 n;

	db_query_init(&q, db, stmts[STMT_ASSIGN]);
	db_bind_int(&q, staff_id);
	db_bind_int(&q, id);
	db_bind_int(&q, staff_id);
	if (db_exec(&q, &n) == -1)
		return -1;
	*changed = n > 0;
	return *changed ? db_client_sync(db, id) : 0;
}

int
db_client_delete(struct db *db, long long id, struct buf *keys)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, db, stmts[STMT_FILE_KEYS]);
	db_bind_int(&q, id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1)
		if (buf_puts(keys, db_col_str(&q, 0)) == -1 || buf_putc(keys, '\n') == -1)
			rc = -1;
	db_query_end(&q);
	if (rc == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_END_PORTAL_SESSIONS]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_DELETE_TOKENS]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	/* what is derived from the client goes with it: its words from the kept search counts,
	 * its place in the counts and in its tags' counts (the search row and keys cascade) */
	db_query_init(&q, db, stmts[STMT_DELETE_CHANGE]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_DELETE_COUNT]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_DELETE_TAG_COUNTS]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_DELETE_TAGS]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_DELETE]);
	db_bind_int(&q, id);
	return db_exec(&q, NULL);
}

/* What a search may hit: the names, the email, and the phone's digits (parts: first, last,
 * preferred name, email). */
static void
search_text(const char *const *parts, const char *phone, struct buf *text)
{
	int	 i;

	for (i = 0; i < 4; i++)
		if (*parts[i] != '\0')
			buf_printf(text, "%s%s", text->len ? " " : "", parts[i]);
	if (*phone != '\0') {
		buf_putc(text, ' ');
		for (; *phone != '\0'; phone++)
			if (*phone >= '0' && *phone <= '9')
				buf_putc(text, *phone);
	}
	if (text->data == NULL)
		buf_reserve(text, 0);
}

/* The words of client_search.own_words: text folded, cut to the column. */
static int
search_words(const char *text, struct buf *words)
{
	if (text_fold(text, words) == -1 || buf_reserve(words, 0) == -1)
		return -1;
	text_cut(words->data, CLIENT_WORDS_OWN_MAX);
	words->len = strlen(words->data);
	return 0;
}

int
db_client_reindex(struct db *db, long long id)
{
	struct db_query	 q;
	struct buf	 text = { 0 }, words = { 0 }, keys_json = { 0 };
	char		 (*keys)[TEXT_KEY_MAX] = NULL;
	const char	*parts[4];
	size_t		 n = 0, i;
	int		 rc = -1, found;

	/* first, as db_clients_key_pending locks: the list of clients without keys, then the
	 * client's search row */
	db_query_init(&q, db, stmts[STMT_UNKEYED_FORGET]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_SEARCH_SOURCE]);
	db_bind_int(&q, id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	if ((found = db_query_next(&q)) == 1) {
		for (i = 0; i < 4; i++)
			parts[i] = db_col_str(&q, i);
		search_text(parts, db_col_str(&q, 4), &text);
	}
	db_query_end(&q);
	if (found != 1) {
		rc = found == 0 ? 0 : -1;
		goto out;
	}
	if (text.data == NULL && buf_reserve(&text, 0) == -1)
		goto out;
	if (search_words(text.data, &words) == -1)
		goto out;
	if ((keys = calloc(KEYS_MAX, sizeof(*keys))) == NULL)
		goto out;
	n = text_keys(words.data, keys, KEYS_MAX);
	buf_putc(&keys_json, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&keys_json, ',');
		buf_json_string(&keys_json, keys[i]);
	}
	if (buf_putc(&keys_json, ']') == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_SET_SEARCH_WORDS]);
	db_bind_text(&q, words.data);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_KEYS_CLEAR]);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		goto out;
	db_query_init(&q, db, stmts[STMT_KEYS_ADD]);
	db_bind_text(&q, keys_json.data);
	db_bind_int(&q, id);
	if (db_exec(&q, NULL) == -1)
		goto out;
	rc = 0;
out:
	free(keys);
	buf_free(&keys_json);
	buf_free(&words);
	buf_free(&text);
	return rc;
}

int
db_client_tags(struct db *db, long long id, struct buf *out)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, db, stmts[STMT_TAGS]);
	db_bind_int(&q, id);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1)
		buf_printf(out, "%s%s\x1f%s", out->len ? "\x1e" : "", db_col_str(&q, 0),
		    db_col_str(&q, 1));
	db_query_end(&q);
	return rc == -1 ? -1 : 0;
}

int
db_tag_ensure(struct db *db, const char *name, int may_create, long long *tag_id)
{
	struct db_query	 q;
	char		 folded[TAG_SEARCH_NAME_MAX];

	db_query_init(&q, db, stmts[STMT_TAG_FIND]);
	db_bind_text(&q, name);
	if (db_scalar_int(&q, tag_id) == -1)
		return -1;
	if (*tag_id > 0 || !may_create)
		return 0;
	text_fold_to(name, folded, sizeof(folded));
	db_query_init(&q, db, stmts[STMT_TAG_CREATE]);
	db_bind_text(&q, name);
	db_bind_text(&q, folded);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		/* created by someone else a moment ago: find it again */
		if (db_errno(db) != 1062)
			return -1;
		db_query_init(&q, db, stmts[STMT_TAG_FIND]);
		db_bind_text(&q, name);
		return db_scalar_int(&q, tag_id);
	}
	*tag_id = (long long)q.insert_id;
	db_query_end(&q);
	return 0;
}

static int	exec_with(struct db *, enum stmt, const char *);

/* A tag given to or taken from a client, with the tag's count and the client's words. */
static int
tag_change(struct db *db, enum stmt which, long long client_id, long long tag_id, int *changed)
{
	struct db_query		 q;
	unsigned long long	 n;

	db_query_init(&q, db, stmts[which]);
	db_bind_int(&q, client_id);
	db_bind_int(&q, tag_id);
	if (db_exec(&q, &n) == -1)
		return -1;
	*changed = n > 0;
	if (!*changed)
		return 0;
	db_query_init(&q, db, stmts[STMT_TAG_COUNT_ADD]);
	db_bind_int(&q, which == STMT_TAG_ADD ? 1 : -1);
	db_bind_int(&q, tag_id);
	if (db_exec(&q, NULL) == -1)
		return -1;
	return db_client_sync(db, client_id);
}

int
db_clients_sync(struct db *db, const char *ids)
{
	static const enum stmt order[] = {
		STMT_SYNC_LOCK,		/* the rows, locked in one order */
		STMT_SYNC_CHANGES,	/* then, read as they were: the kept counts' changes, */
		STMT_SYNC_COUNTS_OLD,	/* the counts per status and staff, */
		STMT_SYNC_COUNTS_NEW,
		STMT_SYNC_KEYS,		/* the search keys' status and staff, */
		STMT_SYNC_ROWS,		/* and at last the rows themselves */
	};
	size_t	 i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (exec_with(db, order[i], ids) == -1)
			return -1;
	return 0;
}

int
db_client_sync(struct db *db, long long id)
{
	char	 ids[32];

	snprintf(ids, sizeof(ids), "[%lld]", id);
	return db_clients_sync(db, ids);
}

/* Reindex the clients whose own search words are not what their records make; the number,
 * or -1. */
static long long
check_own_words(struct db *db)
{
	struct db_query	 q;
	struct buf	 text = { 0 }, words = { 0 };
	const char	*parts[4];
	long long	 after = 0, *stale = NULL, nstale, fixed = 0, rows;
	size_t		 i;
	int		 rc;

	if ((stale = calloc(1000, sizeof(*stale))) == NULL)
		return -1;
	do {
		db_query_init(&q, db, stmts[STMT_CHECK_WORDS_PAGE]);
		db_bind_int(&q, after);
		if (db_query_exec(&q) == -1) {
			db_query_end(&q);
			goto fail;
		}
		rows = nstale = 0;
		while ((rc = db_query_next(&q)) == 1) {
			rows++;
			after = db_col_int(&q, 0);
			for (i = 0; i < 4; i++)
				parts[i] = db_col_str(&q, 1 + i);
			buf_reset(&text);
			buf_reset(&words);
			search_text(parts, db_col_str(&q, 5), &text);
			if (search_words(text.data, &words) == -1) {
				db_query_end(&q);
				goto fail;
			}
			if (strcmp(words.data, db_col_str(&q, 6)) != 0)
				stale[nstale++] = after;
		}
		db_query_end(&q);
		if (rc == -1)
			goto fail;
		for (i = 0; i < (size_t)nstale; i++)
			if (db_client_reindex(db, stale[i]) == -1)
				goto fail;
		fixed += nstale;
	} while (rows == 1000);
	free(stale);
	buf_free(&text);
	buf_free(&words);
	return fixed;
fail:
	free(stale);
	buf_free(&text);
	buf_free(&words);
	return -1;
}

int
db_clients_check_all(struct db *db, struct clients_check *out)
{
	struct db_query		 q;
	unsigned long long	 n;
	long long		 after = 0, last, drift = 0;
	char			*ids;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if (db_begin(db) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_CHECK_MISSING_ROWS]);
	if (db_exec(&q, &n) == -1)
		goto fail;
	out->rows_added = (long long)n;
	if ((out->words_fixed = check_own_words(db)) == -1 || db_commit(db) == -1)
		goto fail;
	/* every client's derived rows, a thousand a transaction */
	for (;;) {
		if (db_begin(db) == -1)
			return -1;
		db_query_init(&q, db, stmts[STMT_CHECK_IDS_PAGE]);
		db_bind_int(&q, after);
		if (db_query_exec(&q) == -1 || db_query_next(&q) != 1) {
			db_query_end(&q);
			goto fail;
		}
		last = db_col_int(&q, 1);
		ids = strdup(db_col_str(&q, 0));
		db_query_end(&q);
		if (ids == NULL)
			goto fail;
		rc = last == 0 ? 0 : db_clients_sync(db, ids);
		free(ids);
		if (rc == -1 || db_commit(db) == -1)
			goto fail;
		if (last == 0)
			break;
		out->clients += 1000;
		after = last;
	}
	/* what no change log can bring back (clients deleted by hand): counted again */
	if (db_begin(db) == -1)
		return -1;
	db_query_init(&q, db, stmts[STMT_CHECK_COUNTS_DRIFT]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto fail;
	}
	while ((rc = db_query_next(&q)) == 1)
		drift += db_col_int(&q, 0);
	db_query_end(&q);
	if (rc == -1)
		goto fail;
	out->counts_fixed = drift;
	if (drift > 0) {
		db_query_init(&q, db, stmts[STMT_CHECK_COUNTS_CLEAR]);
		if (db_exec(&q, NULL) == -1)
			goto fail;
		db_query_init(&q, db, stmts[STMT_CHECK_COUNTS_FILL]);
		if (db_exec(&q, NULL) == -1)
			goto fail;
	}
	db_query_init(&q, db, stmts[STMT_CHECK_TAGS]);
	if (db_exec(&q, &n) == -1 || db_commit(db) == -1)
		goto fail;
	out->tags_fixed = (long long)n;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
db_tag_clients(struct db *db, long long tag_id, struct buf *ids)
{
	struct db_query	 q;
	int		 rc;

	db_query_init(&q, db, stmts[STMT_TAG_CLIENTS]);
	db_bind_int(&q, tag_id);
	if (db_query_exec(&q) == -1 || (rc = db_query_next(&q)) != 1) {
		db_query_end(&q);
		return -1;
	}
	rc = buf_puts(ids, db_col_str(&q, 0));
	db_query_end(&q);
	return rc;
}

int
db_tag_count_add(struct db *db, long long tag_id, long long n)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_TAG_COUNT_ADD]);
	db_bind_int(&q, n);
	db_bind_int(&q, tag_id);
	return db_exec(&q, NULL);
}

int
db_tag_recount(struct db *db, long long tag_id)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[STMT_TAG_RECOUNT]);
	db_bind_int(&q, tag_id);
	db_bind_int(&q, tag_id);
	return db_exec(&q, NULL);
}

int
db_client_tag_add(struct db *db, long long client_id, long long tag_id, int *changed)
{
	return tag_change(db, STMT_TAG_ADD, client_id, tag_id, changed);
}

int
db_client_tag_remove(struct db *db, long long client_id, long long tag_id, int *changed)
{
	return tag_change(db, STMT_TAG_REMOVE, client_id, tag_id, changed);
}

/* One search key of a batch of clients, to be written in the index's order. */
struct new_key {
	char			 key[TEXT_KEY_MAX];
	long long		 client_id;
	long long		 staff_id;
	enum client_status	 status;
};

static int
new_key_order(const void *a, const void *b)
{
	const struct new_key	*x = a, *y = b;
	int			 c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->client_id < y->client_id ? -1 : x->client_id > y->client_id;
}

/* Run one statement of the table with one bound text (NULL: none); 0 or -1. */
static int
exec_with(struct db *db, enum stmt which, const char *text)
{
	struct db_query	 q;

	db_query_init(&q, db, stmts[which]);
	if (text != NULL)
		db_bind_text(&q, text);
	return db_exec(&q, NULL);
}

int
db_clients_insert_many(struct db *db, const char *const *const *values,
    const long long *staff_ids, size_t n, const size_t *tag_of, const long long *tag_ids,
    size_t ntags, long long *ids)
{
	struct db_query	 q;
	struct buf	 json = { 0 }, id_list = { 0 }, text = { 0 }, words = { 0 };
	const char	*parts[4];
	size_t		 i, k, found = 0;
	long long	 at;
	int		 t, rc = -1;

	if (n == 0)
		return 0;
	/* the clients */
	buf_putc(&json, '[');
	for (i = 0; i < n; i++) {
		buf_puts(&json, i ? ",[" : "[");
		for (t = 0; t < CF__MAX; t++) {
			buf_json_string(&json, values[i][t] != NULL ? values[i][t] : "");
			buf_putc(&json, ',');
		}
		buf_printf(&json, "%lld]", staff_ids[i]);
	}
	if (buf_putc(&json, ']') == -1)
		goto out;
	if (exec_with(db, STMT_INSERT_MANY, json.data) == -1)
		goto out;
	/* their ids, by their addresses (unique) */
	buf_reset(&json);
	buf_putc(&json, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&json, ',');
		buf_json_string(&json, values[i][CF_EMAIL]);
	}
	if (buf_putc(&json, ']') == -1)
		goto out;
	for (i = 0; i < n; i++)
		ids[i] = 0;
	db_query_init(&q, db, stmts[STMT_IDS_BY_EMAIL]);
	db_bind_text(&q, json.data);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto out;
	}
	while ((t = db_query_next(&q)) == 1) {
		at = db_col_int(&q, 0);
		if (at >= 1 && (size_t)at <= n) {
			ids[at - 1] = db_col_int(&q, 1);
			found++;
		}
	}
	db_query_end(&q);
	if (t == -1 || found != n)
		goto out;
	buf_putc(&id_list, '[');
	for (i = 0; i < n; i++)
		buf_printf(&id_list, "%s%lld", i ? "," : "", ids[i]);
	if (buf_putc(&id_list, ']') == -1)
		goto out;
	/* their tags, and the tags' counts */
	if (ntags > 0) {
		buf_reset(&json);
		buf_putc(&json, '[');
		for (k = 0; k < ntags; k++)
			buf_printf(&json, "%s[%lld,%lld]", k ? "," : "", ids[tag_of[k]], tag_ids[k]);
		if (buf_putc(&json, ']') == -1 ||
		    exec_with(db, STMT_TAGS_ADD_MANY, json.data) == -1 ||
		    exec_with(db, STMT_TAG_COUNTS_MANY, id_list.data) == -1)
			goto out;
	}
	/* their search rows, each written once with its words, as db_client_reindex writes them */
	buf_reset(&json);
	buf_putc(&json, '[');
	for (i = 0; i < n; i++) {
		parts[0] = values[i][CF_FIRST_NAME];
		parts[1] = values[i][CF_LAST_NAME];
		parts[2] = values[i][CF_PREFERRED_NAME];
		parts[3] = values[i][CF_EMAIL];
		buf_reset(&text);
		buf_reset(&words);
		search_text(parts, values[i][CF_PHONE], &text);
		if (search_words(text.data, &words) == -1)
			goto out;
		buf_printf(&json, "%s[%lld,", i ? "," : "", ids[i]);
		buf_json_string(&json, words.data);
		buf_putc(&json, ']');
	}
	if (buf_putc(&json, ']') == -1 ||
	    exec_with(db, STMT_SEARCH_MANY, json.data) == -1 ||
	    exec_with(db, STMT_CHANGES_MANY, id_list.data) == -1 ||
	    exec_with(db, STMT_COUNTS_MANY, id_list.data) == -1 ||
	    exec_with(db, STMT_UNKEYED_MANY, id_list.data) == -1)
		goto out;
	rc = 0;
out:
	buf_free(&json);
	buf_free(&id_list);
	buf_free(&text);
	buf_free(&words);
	return rc;
}

long long
db_clients_key_pending(struct db *db, size_t max)
{
	struct db_query		 q;
	struct buf		 keys_json = { 0 }, id_list = { 0 };
	char			 (*keys)[TEXT_KEY_MAX] = NULL;
	struct new_key		*rows = NULL, *grown;
	size_t			 k, nkeys, nrows = 0, rows_max = 0;
	long long		 n = 0, waiting = 0, id, rc = -1;
	enum client_status	 status;
	int			 t, checks_off = 0;

	if ((keys = calloc(KEYS_MAX, sizeof(*keys))) == NULL)
		return -1;
	if (db_begin(db) == -1)
		goto out;
	/* the first clients waiting */
	db_query_init(&q, db, stmts[STMT_UNKEYED_FIRST]);
	db_bind_int(&q, (long long)max);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto out;
	}
	buf_putc(&id_list, '[');
	while ((t = db_query_next(&q)) == 1)
		buf_printf(&id_list, "%s%lld", waiting++ ? "," : "", db_col_int(&q, 0));
	db_query_end(&q);
	if (t == -1 || buf_putc(&id_list, ']') == -1)
		goto out;
	if (waiting == 0) {
		rc = 0;
		goto out;
	}
	/* those not keyed meanwhile, their search rows locked until the commit */
	db_query_init(&q, db, stmts[STMT_UNKEYED_NEXT]);
	db_bind_text(&q, id_list.data);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		goto out;
	}
	buf_reset(&id_list);
	buf_putc(&id_list, '[');
	while ((t = db_query_next(&q)) == 1) {
		id = db_col_int(&q, 0);
		if (!client_status_parse(db_col_str(&q, 2), &status))
			status = CLIENT_PENDING;
		buf_printf(&id_list, "%s%lld", n ? "," : "", id);
		n++;
		nkeys = text_keys(db_col_str(&q, 1), keys, KEYS_MAX);
		if (nrows + nkeys > rows_max) {
			rows_max = (nrows + nkeys) * 2;
			if ((grown = reallocarray(rows, rows_max, sizeof(*rows))) == NULL) {
				db_query_end(&q);
				goto out;
			}
			rows = grown;
		}
		for (k = 0; k < nkeys; k++, nrows++) {
			memcpy(rows[nrows].key, keys[k], sizeof(rows[nrows].key));
			rows[nrows].client_id = id;
			rows[nrows].staff_id = db_col_int(&q, 3);
			rows[nrows].status = status;
		}
	}
	db_query_end(&q);
	if (t == -1 || buf_putc(&id_list, ']') == -1)
		goto out;
	if (n == 0) {
		rc = waiting;	/* keyed by their saves meanwhile: the next call goes on */
		goto out;
	}
	/* in key order, each index page is visited once per batch, not once per client */
	if (nrows > 0)
		qsort(rows, nrows, sizeof(*rows), new_key_order);
	buf_putc(&keys_json, '[');
	for (k = 0; k < nrows; k++) {
		buf_puts(&keys_json, k > 0 ? ",[" : "[");
		buf_json_string(&keys_json, rows[k].key);
		buf_printf(&keys_json, ",%lld,\"%s\",%lld]", rows[k].client_id,
		    client_statuses[rows[k].status], rows[k].staff_id);
	}
	if (buf_putc(&keys_json, ']') == -1 || exec_with(db, STMT_CHECKS_OFF, NULL) == -1)
		goto out;
	checks_off = 1;
	if (exec_with(db, STMT_KEYS_ADD_MANY, keys_json.data) == -1)
		goto out;
	checks_off = 0;
	if (exec_with(db, STMT_CHECKS_ON, NULL) == -1 ||
	    exec_with(db, STMT_UNKEYED_DONE, id_list.data) == -1 || db_commit(db) == -1)
		goto out;
	rc = waiting;
out:
	if (checks_off && exec_with(db, STMT_CHECKS_ON, NULL) == -1)
		log_error("clients: foreign key checks could not be turned on again");
	if (rc == -1 || n == 0)
		db_rollback(db);	/* nothing written, or an error */
	free(keys);
	free(rows);
	buf_free(&keys_json);
	buf_free(&id_list);
	return rc;
}

int
db_clients_by_email(struct db *db, const char *const *emails, size_t n, long long *ids)
{
	struct db_query	 q;
	struct buf	 json = { 0 };
	size_t		 i;
	long long	 at;
	int		 rc;

	for (i = 0; i < n; i++)
		ids[i] = 0;
	if (n == 0)
		return 0;
	buf_putc(&json, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&json, ',');
		buf_json_string(&json, emails[i]);
	}
	if (buf_putc(&json, ']') == -1) {
		buf_free(&json);
		return -1;
	}
	db_query_init(&q, db, stmts[STMT_IDS_BY_EMAIL]);
	db_bind_text(&q, json.data);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		buf_free(&json);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		at = db_col_int(&q, 0);
		if (at >= 1 && (size_t)at <= n)
			ids[at - 1] = db_col_int(&q, 1);
	}
	db_query_end(&q);
	buf_free(&json);
	return rc == -1 ? -1 : 0;
}
