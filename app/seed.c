/* seed.c: "casebook seed": fills the database with synthetic clients, staff and tags, and what
 * a practice keeps about them (sessions and payments, notes, tasks, files, portal accounts),
 * for development and benchmarks */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "app.h"
#include "searchcounts.h"
#include "buf.h"
#include "crypto.h"
#include "phone.h"
#include "store.h"

#define SEED_CLIENTS_MAX	10000000LL
#define SEED_BATCH		500	/* clients per transaction: few commits, short locks */
#define SEED_STAFF_MIN		5
#define SEED_STAFF_MAX		15
#define SEED_STAFF_EMAILS_MAX	1000	/* seed-clinician1 ... seed-clinician1000 */
#define SEED_TAGS_MIN		20
#define SEED_TAGS_MAX		40
#define SEED_TAGS_PER_CLIENT	3
#define SEED_EMAIL_TRIES	3
#define DAY_SECONDS		86400LL
#define YEAR_SECONDS		(365LL * DAY_SECONDS)

/* MariaDB's error number of a taken unique value (a client's email). */
#define SERVER_DUPLICATE_KEY	1062

/*
 * Every client comes from a random stream of its own, keyed by the seed and the client's
 * ordinal, which is also the id the table gives it (ordinals go on from the table's next
 * id).  So adding 9,000 clients to 1,000 gives the same directory as adding 10,000 at once.
 * The generator is splitmix64: tiny, fast, and good enough for test data (never for secrets).
 *
 * One connection saves the clients: the triggers that keep the directory's counts update the
 * same few rows for every client, so writers side by side would only wait for each other.
 */
struct rng {
	uint64_t	 state;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t	 z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The streams: the practice's (how many staff and tags), each seeded staff member's, and
 * each client's, numbered by ordinal from 1. */
#define STREAM_PRACTICE		0
#define STREAM_STAFF(n)		(UINT64_MAX - (uint64_t)(n))
/* A client's records (sessions, payments, notes, ...): a stream apart from the client's own,
 * so the clients stay those of earlier versions of the seed. */
#define STREAM_RECORDS(ordinal)	((1ULL << 62) | (uint64_t)(ordinal))

static void
rng_init(struct rng *r, uint64_t seed, uint64_t stream)
{
	r->state = seed ^ (stream * 0xd1b54a32d192ed03ULL);
	rng_next(r);
}

/* A number in [0, n); n > 0.  The modulo bias is far below what test data could show. */
static size_t
rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

/* A number in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* 1 with the given chance in percent. */
static int
rng_percent(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))
#define PICK(r, a)	((a)[rng_below((r), COUNT(a))])

/* A given name, how it is usually read ('f', 'm', or 'u' for either), and the short form
 * some people with it go by ("" for none). */
struct given_name {
	const char	*name;
	char		 gender;
	const char	*short_form;
};

static const struct given_name given_names[] = {
	/* English-speaking countries */
	{ "Emma", 'f', "" }, { "Olivia", 'f', "Liv" }, { "Amelia", 'f', "Millie" },
	{ "Charlotte", 'f', "Lottie" }, { "Sophie", 'f', "" }, { "Grace", 'f', "" },
	{ "Emily", 'f', "Em" }, { "Hannah", 'f', "" }, { "Jessica", 'f', "Jess" },
	{ "Elizabeth", 'f', "Liz" }, { "Katherine", 'f', "Kate" }, { "Margaret", 'f', "Maggie" },
	{ "Rebecca", 'f', "Becky" }, { "Victoria", 'f', "Tori" }, { "Abigail", 'f', "Abby" },
	{ "Megan", 'f', "" }, { "Lauren", 'f', "" }, { "Chloe", 'f', "" }, { "Lucy", 'f', "" },
	{ "Alice", 'f', "" }, { "Ruth", 'f', "" }, { "Helen", 'f', "" }, { "Claire", 'f', "" },
	{ "Natalie", 'f', "Nat" }, { "Samantha", 'f', "Sam" }, { "Jennifer", 'f', "Jen" },
	{ "Patricia", 'f', "Trish" }, { "Susan", 'f', "Sue" }, { "Deborah", 'f', "Debbie" },
	{ "James", 'm', "Jim" }, { "William", 'm', "Will" }, { "Robert", 'm', "Bob" },
	{ "Michael", 'm', "Mike" }, { "David", 'm', "Dave" }, { "Richard", 'm', "Rick" },
	{ "Thomas", 'm', "Tom" }, { "Daniel", 'm', "Dan" }, { "Matthew", 'm', "Matt" },
	{ "Christopher", 'm', "Chris" }, { "Joseph", 'm', "Joe" }, { "Benjamin", 'm', "Ben" },
	{ "Samuel", 'm', "Sam" }, { "Alexander", 'm', "Alex" }, { "Nicholas", 'm', "Nick" },
	{ "Andrew", 'm', "Andy" }, { "Edward", 'm', "Ted" }, { "Henry", 'm', "Harry" },
	{ "Oliver", 'm', "Ollie" }, { "George", 'm', "" }, { "Jack", 'm', "" },
	{ "Oscar", 'm', "" }, { "Ethan", 'm', "" }, { "Noah", 'm', "" }, { "Liam", 'm', "" },
	{ "Logan", 'm', "" }, { "Ryan", 'm', "" }, { "Tyler", 'm', "" }, { "Marcus", 'm', "" },
	{ "Jordan", 'u', "" }, { "Taylor", 'u', "" }, { "Morgan", 'u', "" }, { "Casey", 'u', "" },
	{ "Riley", 'u', "" }, { "Avery", 'u', "" }, { "Quinn", 'u', "" }, { "Jamie", 'u', "" },
	{ "Robin", 'u', "" }, { "Rowan", 'u', "" }, { "River", 'u', "" }, { "Charlie", 'u', "" },
	{ "Keisha", 'f', "" }, { "Imani", 'f', "" }, { "Aaliyah", 'f', "" }, { "Ebony", 'f', "" },
	{ "Jamal", 'm', "" }, { "Malik", 'm', "" }, { "Darnell", 'm', "" }, { "Deshawn", 'm', "" },
	/* Ireland, Scotland, Wales */
	{ "Siobhán", 'f', "" }, { "Aoife", 'f', "" }, { "Niamh", 'f', "" }, { "Saoirse", 'f', "" },
	{ "Caoimhe", 'f', "" }, { "Róisín", 'f', "" }, { "Orla", 'f', "" }, { "Mairéad", 'f', "" },
	{ "Seán", 'm', "" }, { "Ciarán", 'm', "" }, { "Oisín", 'm', "" }, { "Pádraig", 'm', "Paddy" },
	{ "Eoin", 'm', "" }, { "Tadhg", 'm', "" }, { "Darragh", 'm', "" }, { "Eilidh", 'f', "" },
	{ "Ailsa", 'f', "" }, { "Callum", 'm', "" }, { "Euan", 'm', "" }, { "Hamish", 'm', "" },
	{ "Rhys", 'm', "" }, { "Dafydd", 'm', "Dai" }, { "Gethin", 'm', "" }, { "Cerys", 'f', "" },
	{ "Ffion", 'f', "" }, { "Angharad", 'f', "" },
	/* Spain, Portugal, Latin America */
	{ "José", 'm', "Pepe" }, { "María", 'f', "" }, { "Lucía", 'f', "" }, { "Sofía", 'f', "" },
	{ "Valentina", 'f', "Vale" }, { "Camila", 'f', "" }, { "Ximena", 'f', "" },
	{ "Guadalupe", 'f', "Lupe" }, { "Alejandro", 'm', "Álex" }, { "Andrés", 'm', "" },
	{ "Javier", 'm', "Javi" }, { "Miguel", 'm', "" }, { "Sebastián", 'm', "" },
	{ "Mateo", 'm', "" }, { "Joaquín", 'm', "" }, { "Ramón", 'm', "" }, { "Jesús", 'm', "Chucho" },
	{ "Inés", 'f', "" }, { "Pilar", 'f', "" }, { "Begoña", 'f', "" }, { "Iñaki", 'm', "" },
	{ "Íñigo", 'm', "" }, { "Álvaro", 'm', "" }, { "Raúl", 'm', "" }, { "Rocío", 'f', "" },
	{ "Ángela", 'f', "" }, { "João", 'm', "" }, { "Gonçalo", 'm', "" }, { "Tomás", 'm', "" },
	{ "Conceição", 'f', "" }, { "Beatriz", 'f', "Bia" }, { "Leonor", 'f', "" },
	{ "Thiago", 'm', "" }, { "Larissa", 'f', "" }, { "Fernanda", 'f', "Nanda" },
	{ "Júlia", 'f', "" },
	/* France, Belgium, Quebec */
	{ "Zoë", 'f', "" }, { "Chloé", 'f', "" }, { "Léa", 'f', "" }, { "Manon", 'f', "" },
	{ "Camille", 'u', "" }, { "Élodie", 'f', "" }, { "Hélène", 'f', "" }, { "Amélie", 'f', "" },
	{ "Céline", 'f', "" }, { "Noémie", 'f', "" }, { "Anaïs", 'f', "" }, { "Maëlle", 'f', "" },
	{ "Léo", 'm', "" }, { "Hugo", 'm', "" }, { "Théo", 'm', "" }, { "Raphaël", 'm', "Raph" },
	{ "Étienne", 'm', "" }, { "Benoît", 'm', "" }, { "François", 'm', "" },
	{ "Jérôme", 'm', "" }, { "Gaël", 'm', "" }, { "Loïc", 'm', "" },
	/* German-speaking countries, the Netherlands */
	{ "Jürgen", 'm', "" }, { "Jörg", 'm', "" }, { "Günter", 'm', "" }, { "Lukas", 'm', "" },
	{ "Felix", 'm', "" }, { "Maximilian", 'm', "Max" }, { "Jonas", 'm', "" },
	{ "Matthias", 'm', "" }, { "Tobias", 'm', "Tobi" }, { "Anna", 'f', "" }, { "Lena", 'f', "" },
	{ "Leonie", 'f', "" }, { "Katharina", 'f', "Katja" }, { "Marie", 'f', "" },
	{ "Sanne", 'f', "" }, { "Femke", 'f', "" }, { "Daan", 'm', "" }, { "Joost", 'm', "" },
	/* The Nordic countries, Finland, the Baltic */
	{ "Søren", 'm', "" }, { "Mette", 'f', "" }, { "Freja", 'f', "" }, { "Astrid", 'f', "" },
	{ "Ingrid", 'f', "" }, { "Sigrid", 'f', "" }, { "Åsa", 'f', "" }, { "Linnéa", 'f', "" },
	{ "Maja", 'f', "" }, { "Ebba", 'f', "" }, { "Elin", 'f', "" }, { "Nils", 'm', "" },
	{ "Lars", 'm', "" }, { "Anders", 'm', "" }, { "Magnus", 'm', "" }, { "Henrik", 'm', "" },
	{ "Mikkel", 'm', "" }, { "Rasmus", 'm', "" }, { "Björn", 'm', "" }, { "Håkon", 'm', "" },
	{ "Øystein", 'm', "" }, { "Jón", 'm', "" }, { "Sólveig", 'f', "" }, { "Guðrún", 'f', "" },
	{ "Aino", 'f', "" }, { "Mikko", 'm', "" }, { "Päivi", 'f', "" }, { "Väinö", 'm', "" },
	{ "Jūratė", 'f', "" }, { "Rūta", 'f', "" }, { "Mārtiņš", 'm', "" }, { "Jānis", 'm', "" },
	/* Central and Eastern Europe, the Balkans */
	{ "Łukasz", 'm', "" }, { "Wojciech", 'm', "Wojtek" }, { "Krzysztof", 'm', "Krzysiek" },
	{ "Paweł", 'm', "" }, { "Michał", 'm', "" }, { "Grzegorz", 'm', "Grzesiek" },
	{ "Małgorzata", 'f', "Gosia" }, { "Agnieszka", 'f', "Aga" }, { "Katarzyna", 'f', "Kasia" },
	{ "Zofia", 'f', "Zosia" }, { "Magdalena", 'f', "Magda" }, { "Ewa", 'f', "" },
	{ "Jiří", 'm', "" }, { "Tomáš", 'm', "" }, { "Kateřina", 'f', "Katka" },
	{ "Tereza", 'f', "" }, { "Zsófia", 'f', "Zsófi" }, { "Bence", 'm', "" }, { "Dóra", 'f', "" },
	{ "Ágnes", 'f', "" }, { "Péter", 'm', "" }, { "Ioana", 'f', "" }, { "Andrei", 'm', "" },
	{ "Ștefan", 'm', "" }, { "Mihai", 'm', "" }, { "Dušan", 'm', "" }, { "Milica", 'f', "" },
	{ "Nikola", 'm', "" }, { "Ivana", 'f', "" }, { "Luka", 'm', "" }, { "Dmitri", 'm', "Dima" },
	{ "Alexei", 'm', "Lyosha" }, { "Natalia", 'f', "Natasha" }, { "Olga", 'f', "" },
	{ "Yulia", 'f', "" }, { "Oksana", 'f', "" }, { "Mykola", 'm', "" }, { "Taras", 'm', "" },
	{ "Iryna", 'f', "" },
	/* Italy, Greece, Turkey */
	{ "Giulia", 'f', "" }, { "Francesca", 'f', "Fra" }, { "Chiara", 'f', "" },
	{ "Giorgia", 'f', "" }, { "Marco", 'm', "" }, { "Luca", 'm', "" },
	{ "Giuseppe", 'm', "Beppe" }, { "Matteo", 'm', "" }, { "Lorenzo", 'm', "Enzo" },
	{ "Niccolò", 'm', "" }, { "Andrea", 'u', "" }, { "Eleni", 'f', "" },
	{ "Dimitris", 'm', "Mitsos" }, { "Giorgos", 'm', "" }, { "Yiannis", 'm', "" },
	{ "Ioanna", 'f', "" }, { "Despina", 'f', "" }, { "Ayşe", 'f', "" }, { "Zeynep", 'f', "" },
	{ "Elif", 'f', "" }, { "Büşra", 'f', "" }, { "Mehmet", 'm', "" }, { "Mustafa", 'm', "" },
	{ "Emre", 'm', "" }, { "Çağlar", 'm', "" }, { "Gökhan", 'm', "" }, { "Şebnem", 'f', "" },
	{ "Özge", 'f', "" }, { "Barış", 'm', "" }, { "İlker", 'm', "" },
	/* The Middle East and North Africa, Iran, Israel */
	{ "Mohammed", 'm', "" }, { "Ahmed", 'm', "" }, { "Omar", 'm', "" }, { "Youssef", 'm', "" },
	{ "Karim", 'm', "" }, { "Hassan", 'm', "" }, { "Ali", 'm', "" }, { "Tariq", 'm', "" },
	{ "Khalid", 'm', "" }, { "Samir", 'm', "" }, { "Fatima", 'f', "" }, { "Aisha", 'f', "" },
	{ "Layla", 'f', "" }, { "Mariam", 'f', "" }, { "Yasmin", 'f', "" }, { "Rania", 'f', "" },
	{ "Zainab", 'f', "" }, { "Amira", 'f', "" }, { "Nour", 'u', "" }, { "Darius", 'm', "" },
	{ "Reza", 'm', "" }, { "Arash", 'm', "" }, { "Kian", 'm', "" }, { "Shirin", 'f', "" },
	{ "Parisa", 'f', "" }, { "Roya", 'f', "" }, { "Noa", 'f', "" }, { "Tamar", 'f', "" },
	{ "Yael", 'f', "" }, { "Shira", 'f', "" }, { "Avi", 'm', "" }, { "Eitan", 'm', "" },
	{ "Ariel", 'u', "" },
	/* South Asia */
	{ "Priya", 'f', "" }, { "Ananya", 'f', "" }, { "Deepika", 'f', "" }, { "Kavya", 'f', "" },
	{ "Aditi", 'f', "" }, { "Neha", 'f', "" }, { "Lakshmi", 'f', "" }, { "Meera", 'f', "" },
	{ "Sunita", 'f', "" }, { "Simran", 'f', "" }, { "Ayesha", 'f', "" }, { "Nadia", 'f', "" },
	{ "Dilani", 'f', "" }, { "Aarav", 'm', "" }, { "Arjun", 'm', "" }, { "Rohan", 'm', "" },
	{ "Vikram", 'm', "Vik" }, { "Sanjay", 'm', "" }, { "Rahul", 'm', "" },
	{ "Rajesh", 'm', "Raj" }, { "Imran", 'm', "" }, { "Farhan", 'm', "" }, { "Tanvir", 'm', "" },
	{ "Nimal", 'm', "" }, { "Harpreet", 'u', "" }, { "Gurpreet", 'u', "" }, { "Kiran", 'u', "" },
	/* East and Southeast Asia */
	{ "Wei", 'u', "" }, { "Jing", 'f', "" }, { "Ming", 'u', "" }, { "Xiaoming", 'm', "" },
	{ "Yan", 'f', "" }, { "Hui", 'f', "" }, { "Jun", 'u', "" }, { "Hiroshi", 'm', "" },
	{ "Haruto", 'm', "" }, { "Kenji", 'm', "" }, { "Takumi", 'm', "" }, { "Yuki", 'u', "" },
	{ "Sakura", 'f', "" }, { "Aiko", 'f', "" }, { "Yui", 'f', "" }, { "Ji-woo", 'u', "" },
	{ "Min-jun", 'm', "" }, { "Seo-yeon", 'f', "" }, { "Hye-jin", 'f', "" }, { "Eun-ji", 'f', "" },
	{ "Minh", 'm', "" }, { "Thảo", 'f', "" }, { "Nguyệt", 'f', "" }, { "Đức", 'm', "" },
	{ "Linh", 'f', "" }, { "Anh", 'u', "" }, { "Huy", 'm', "" }, { "Maricel", 'f', "" },
	{ "Jericho", 'm', "" }, { "Somchai", 'm', "" }, { "Siti", 'f', "" }, { "Budi", 'm', "" },
	/* Africa */
	{ "Chidi", 'm', "" }, { "Chiamaka", 'f', "Amaka" }, { "Ngozi", 'f', "" },
	{ "Oluwaseun", 'u', "Seun" }, { "Olumide", 'm', "Mide" }, { "Adaeze", 'f', "Ada" },
	{ "Emeka", 'm', "" }, { "Tunde", 'm', "" }, { "Folake", 'f', "" }, { "Kwame", 'm', "" },
	{ "Kofi", 'm', "" }, { "Ama", 'f', "" }, { "Abena", 'f', "" }, { "Thandiwe", 'f', "Thandi" },
	{ "Sipho", 'm', "" }, { "Lerato", 'f', "" }, { "Thabo", 'm', "" }, { "Zanele", 'f', "" },
	{ "Tendai", 'u', "" }, { "Nyasha", 'u', "" }, { "Wanjiru", 'f', "" }, { "Kamau", 'm', "" },
	{ "Njeri", 'f', "" }, { "Amani", 'u', "" }, { "Baraka", 'm', "" }, { "Zawadi", 'f', "" },
	{ "Abebe", 'm', "" }, { "Selam", 'f', "" }, { "Dawit", 'm', "" }, { "Amadou", 'm', "" },
	{ "Fatou", 'f', "" }, { "Moussa", 'm', "" }, { "Aminata", 'f', "" },
	/* Aotearoa, Hawaiʻi */
	{ "Aroha", 'f', "" }, { "Nikau", 'm', "" }, { "Mere", 'f', "" }, { "Tama", 'm', "" },
	{ "Kailani", 'f', "" }, { "Keanu", 'm', "" }, { "Leilani", 'f', "" }, { "Koa", 'm', "" },
};

static const char *const family_names[] = {
	/* English-speaking countries */
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
	"Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker",
	"Hall", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
	"Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner",
	"Parker", "Collins", "Edwards", "Stewart", "Morris", "Cook", "Rogers", "Morgan", "Cooper",
	"Reed", "Bailey", "Bell", "Howard", "Ward", "Richardson", "Wood", "Watson", "Brooks",
	"Bennett", "Gray", "Hughes", "Price", "Foster", "Powell", "Jenkins", "Russell", "Fisher",
	"Henderson", "Graham", "Hayes", "Ellis", "Marshall", "Harrison", "Gibson", "Fletcher",
	"Holmes", "Chapman",
	/* Ireland, Scotland, Wales */
	"O'Brien", "O'Connor", "Ó Súilleabháin", "McCarthy", "Byrne", "Doyle", "Walsh",
	"Fitzgerald", "Ní Bhriain", "MacDonald", "MacLeod", "Fraser", "Robertson", "Llewellyn",
	"Pritchard",
	/* Spain, Portugal, Latin America, the Philippines */
	"García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
	"Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Ortiz",
	"Gutiérrez", "Chávez", "Ramos", "Ruiz", "Álvarez", "Jiménez", "Romero", "Vargas",
	"Castillo", "Núñez", "Muñoz", "Ibáñez", "Peña", "Fernández", "de la Cruz", "Echeverría",
	"Zúñiga", "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Carvalho",
	"Gonçalves", "Araújo", "Ribeiro", "Magalhães", "Simões", "Reyes", "Bautista", "Mendoza",
	"Villanueva", "Dela Cruz", "Aquino",
	/* France, Belgium, Quebec */
	"Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard",
	"Fournier", "Mercier", "Rousseau", "Chevalier", "Bélanger", "Gagnon", "Côté", "Tremblay",
	"Lévesque", "Hébert", "Pelletier",
	/* German-speaking countries, the Netherlands, Flanders */
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
	"Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
	"Neumann", "Zimmermann", "Krüger", "Köhler", "Groß", "Weiß", "Jäger", "Keller", "Huber",
	"Gruber", "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser",
	"Mulder", "Peeters", "Janssens",
	/* The Nordic countries, Finland, the Baltic */
	"Hansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nielsen", "Jensen", "Sørensen",
	"Møller", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Lindqvist", "Öberg", "Åberg",
	"Lindström", "Sjöberg", "Haugen", "Solberg", "Jónsdóttir", "Sigurðsson", "Virtanen",
	"Korhonen", "Mäkinen", "Hämäläinen", "Järvinen", "Kazlauskas", "Bērziņš",
	/* Central and Eastern Europe, the Balkans */
	"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
	"Zieliński", "Woźniak", "Dąbrowski", "Kozłowski", "Mazur", "Novák", "Svoboda", "Dvořák",
	"Černý", "Procházka", "Kučera", "Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Molnár",
	"Popescu", "Ionescu", "Rădulescu", "Țurcanu", "Jovanović", "Petrović", "Đorđević",
	"Kovačević", "Hodžić", "Ivanov", "Smirnov", "Kuznetsov", "Volkov", "Petrenko",
	"Kovalenko", "Shevchenko", "Bondarenko", "Melnyk",
	/* Italy, Greece, Turkey */
	"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
	"Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Giordano", "Mancini",
	"Lombardi", "Moretti", "Fontana", "D'Angelo", "Papadopoulos", "Papadakis", "Georgiou",
	"Nikolaidis", "Oikonomou", "Karagiannis", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik",
	"Yıldız", "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç",
	/* The Middle East and North Africa, Iran, Israel */
	"Haddad", "Khoury", "Mansour", "Nasser", "Hassan", "Hussein", "Abdullah", "Saleh",
	"Aziz", "El-Amin", "Darwish", "Al-Farsi", "Benali", "Hosseini", "Mohammadi", "Ahmadi",
	"Rezaei", "Karimi", "Jafari", "Cohen", "Levi", "Mizrahi", "Friedman", "Katz",
	"Ben-David", "Peretz", "Goldberg", "Shapiro",
	/* South Asia */
	"Patel", "Sharma", "Singh", "Kumar", "Gupta", "Shah", "Mehta", "Iyer", "Nair", "Reddy",
	"Rao", "Chatterjee", "Banerjee", "Das", "Kapoor", "Malhotra", "Joshi", "Desai", "Pillai",
	"Menon", "Khan", "Ahmed", "Hussain", "Chowdhury", "Islam", "Qureshi", "Siddiqui",
	"Perera", "Fernando", "Jayawardena", "Gurung", "Thapa",
	/* East and Southeast Asia */
	"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
	"Zhu", "Lin", "Lam", "Wong", "Chan", "Leung", "Ng", "Tan", "Lim", "Lee", "Kim", "Park",
	"Choi", "Jung", "Kang", "Yoon", "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe",
	"Itō", "Yamamoto", "Nakamura", "Kobayashi", "Katō", "Nguyễn", "Trần", "Lê", "Phạm",
	"Hoàng", "Huỳnh", "Vũ", "Đặng", "Bùi", "Đỗ", "Dương", "Srisai", "Wijaya",
	/* Africa */
	"Okafor", "Okonkwo", "Eze", "Nwosu", "Adeyemi", "Adebayo", "Balogun", "Mensah", "Asante",
	"Owusu", "Boateng", "Osei", "Dlamini", "Nkosi", "Ndlovu", "Khumalo", "Mokoena", "Zulu",
	"Mwangi", "Otieno", "Kamau", "Wanjiku", "Ochieng", "Haile", "Tesfaye", "Bekele",
	"Diallo", "Traoré", "Diop", "Ndiaye", "Keïta", "Coulibaly", "Moyo", "Banda", "Phiri",
	/* Aotearoa, the Pacific */
	"Ngata", "Parata", "Tuilagi", "Kahananui", "Faleolo",
};

/* Practice-wide tags, the most used first; a practice gets the first 20 to 40. */
static const char *const tag_names[] = {
	"Anxiety", "Depression", "Couples", "Grief", "Trauma", "Family", "Stress", "Teen",
	"Self-esteem", "Panic", "Insomnia", "ADHD", "Child", "Telehealth", "Sliding scale",
	"Insurance", "Self-pay", "PTSD", "OCD", "Burnout", "Work stress", "Perinatal",
	"Substance use", "Anger", "Eating disorders", "LGBTQ+", "Divorce", "Chronic pain",
	"CBT", "EMDR", "DBT", "Mindfulness", "In person", "EAP", "Waitlist", "Referral",
	"New intake", "Group", "Spanish-speaking", "Veteran", "Phobia", "Caregiver",
};
_Static_assert(COUNT(tag_names) >= SEED_TAGS_MAX, "enough tags for any practice");

static const char *const occupations[] = {
	"Teacher", "Nurse", "Software developer", "Accountant", "Retail assistant", "Chef",
	"Electrician", "Graphic designer", "Lawyer", "Social worker", "Police officer",
	"Civil engineer", "Pharmacist", "Warehouse operative", "Bus driver", "Architect",
	"Journalist", "Carpenter", "Physiotherapist", "Sales manager", "Hairdresser",
	"Paramedic", "Barista", "Researcher", "Doctor", "Musician", "Librarian", "Plumber",
	"Receptionist", "Project manager", "Care worker", "Farmer",
};

static const char *const employment_statuses[] = {
	"Employed full-time", "Employed full-time", "Employed part-time", "Self-employed",
	"Unemployed", "Retired", "On leave",
};

static const char *const relationship_statuses[] = {
	"Single", "Single", "Married", "Married", "In a relationship", "Divorced", "Separated",
	"Widowed",
};

/* Reserved for examples (RFC 2606): a seeded address can never reach a real person. */
static const char *const email_domains[] = {
	"example.com", "example.org", "example.net", "mail.example.com", "post.example.net",
};

/* Area codes of the United States and Canada that a practice might see. */
static const char *const area_codes[] = {
	"212", "213", "206", "303", "305", "312", "404", "415", "503", "512", "602", "617",
	"646", "702", "718", "773", "808", "919", "416", "514", "604", "613", "780", "902",
};

/* Rows of the batched statements: a client's status and dates take four parameters, a tag
 * two; DB_PARAMS_MAX (32) allows 8 and 16 a statement. */
#define HISTORY_BATCH	8
#define HISTORY_ROW	" UNION ALL SELECT ?, ?, ?, ?"
#define HISTORY_ROWS7	HISTORY_ROW HISTORY_ROW HISTORY_ROW HISTORY_ROW HISTORY_ROW \
			HISTORY_ROW HISTORY_ROW
#define TAGGING_BATCH	16
#define TAGGING_ROW	"(?, ?)"
#define TAGGING_ROWS4	TAGGING_ROW ", " TAGGING_ROW ", " TAGGING_ROW ", " TAGGING_ROW

enum stmt {
	STMT_CLIENT_NEXT_ID,
	STMT_CLIENT_COUNT,
	STMT_HISTORIES,
	STMT_TAGGINGS,
	STMT_STAFF_COUNT,
	STMT_STAFF_EMAIL_TAKEN,
	STMT_STAFF_ADD,
	STMT_STAFF_IDS,
	STMT_SESSIONS_MANY,
	STMT_PAYMENTS_MANY,
	STMT_NOTES_MANY,
	STMT_TASKS_MANY,
	STMT_ACCOUNTS_MANY,
	STMT_FILE_ADD,
	STMT__MAX
};

/* A JSON_TABLE column of text (the batches of records are JSON arrays of rows, one bound
 * value a statement, as the import does it). */
#define J_TEXT(name, size, i)	name " VARCHAR(" #size ") CHARACTER SET utf8mb4 " \
				"COLLATE utf8mb4_unicode_ci PATH '$[" #i "]'"
#define J_INT(name, i)		name " BIGINT UNSIGNED PATH '$[" #i "]'"

static const char *const stmts[STMT__MAX] = {
	/* STMT_CLIENT_NEXT_ID: the id the next client gets */
	"SELECT AUTO_INCREMENT FROM information_schema.TABLES "
	"WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'clients'",
	/* STMT_CLIENT_COUNT */
	"SELECT COUNT(*) FROM clients",
	/* STMT_HISTORIES: statuses and dates in the past (db_client_insert makes Pending
	 * clients who joined now), a full batch; unused rows repeat the first */
	"UPDATE clients c JOIN (SELECT ? AS id, ? AS status, ? AS joined_ago, ? AS updated_ago "
	HISTORY_ROWS7 ") h ON h.id = c.id SET c.status = h.status, "
	"c.joined_at = UTC_TIMESTAMP() - INTERVAL h.joined_ago SECOND, "
	"c.created_at = UTC_TIMESTAMP() - INTERVAL h.joined_ago SECOND, "
	"c.updated_at = UTC_TIMESTAMP() - INTERVAL h.updated_ago SECOND",
	/* STMT_TAGGINGS: a full batch; unused rows repeat the first (IGNORE drops them) */
	"INSERT IGNORE INTO client_tags (client_id, tag_id) VALUES "
	TAGGING_ROWS4 ", " TAGGING_ROWS4 ", " TAGGING_ROWS4 ", " TAGGING_ROWS4,
	/* STMT_STAFF_COUNT */
	"SELECT COUNT(*) FROM staff WHERE active = 1",
	/* STMT_STAFF_EMAIL_TAKEN */
	"SELECT COUNT(*) FROM staff WHERE email = ?",
	/* STMT_STAFF_ADD */
	"INSERT INTO staff (email, name, role, password_hash, active, created_at, updated_at) "
	"VALUES (?, ?, 'clinician', ?, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	/* STMT_STAFF_IDS: clinicians first; admins take clients only when there are none */
	"SELECT id, role = 'clinician' FROM staff WHERE active = 1 ORDER BY role = 'clinician' "
	"DESC, id",
	/* STMT_SESSIONS_MANY: [[client, held on, start, minutes, kind, fee, staff], ...], in the
	 * practice's currency */
	"INSERT INTO appointments (client_id, held_on, start_time, minutes, kind, fee_minor, "
	"currency, created_by, created_at) SELECT j.c, j.d, j.t, j.m, j.k, j.f, p.currency, j.s, "
	"CONCAT(j.d, ' ', j.t) FROM JSON_TABLE(?, '$[*]' COLUMNS (" J_INT("c", 0) ", "
	J_TEXT("d", 10, 1) ", " J_TEXT("t", 8, 2) ", " J_INT("m", 3) ", " J_TEXT("k", 10, 4) ", "
	J_INT("f", 5) ", " J_INT("s", 6) ")) j JOIN practice_settings p ON p.id = 1",
	/* STMT_PAYMENTS_MANY: [[client, session's day, kind, state, amount, method, paid on,
	 * staff], ...]; a seeded client has one session a day */
	"INSERT INTO payments (client_id, appointment_id, kind, state, amount_minor, currency, "
	"method, paid_on, created_by, created_at, updated_at) SELECT j.c, a.id, j.k, j.st, j.a, "
	"a.currency, j.me, j.d, j.s, j.d, j.d FROM JSON_TABLE(?, '$[*]' COLUMNS (" J_INT("c", 0)
	", " J_TEXT("h", 10, 1) ", " J_TEXT("k", 10, 2) ", " J_TEXT("st", 10, 3) ", "
	J_INT("a", 4) ", " J_TEXT("me", 20, 5) ", " J_TEXT("d", 10, 6) ", " J_INT("s", 7) ")) j "
	"JOIN appointments a ON a.client_id = j.c AND a.held_on = j.h",
	/* STMT_NOTES_MANY: [[client, author kind, author, title, body, date, shared], ...] */
	"INSERT INTO notes (client_id, author_kind, author_id, title, body, note_date, shared, "
	"created_at, updated_at) SELECT j.c, j.ak, j.a, j.t, j.b, j.d, j.sh, "
	"CONCAT(j.d, ' 19:00:00'), CONCAT(j.d, ' 19:00:00') FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	J_INT("c", 0) ", " J_TEXT("ak", 10, 1) ", " J_INT("a", 2) ", " J_TEXT("t", 200, 3) ", "
	"b MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PATH '$[4]', "
	J_TEXT("d", 10, 5) ", " J_INT("sh", 6) ")) j",
	/* STMT_TASKS_MANY: [[client, created by kind, by, title, description, due ("": none),
	 * done at ("": open), done comment, created on], ...] */
	"INSERT INTO tasks (client_id, created_by_kind, created_by_id, title, description, "
	"due_date, done_at, done_comment, created_at, updated_at) SELECT j.c, j.k, j.b, j.t, j.de, "
	"NULLIF(j.du, ''), NULLIF(j.dn, ''), j.cm, j.cr, COALESCE(NULLIF(j.dn, ''), j.cr) "
	"FROM JSON_TABLE(?, '$[*]' COLUMNS (" J_INT("c", 0) ", " J_TEXT("k", 10, 1) ", "
	J_INT("b", 2) ", " J_TEXT("t", 200, 3) ", " J_TEXT("de", 2000, 4) ", "
	J_TEXT("du", 10, 5) ", " J_TEXT("dn", 19, 6) ", " J_TEXT("cm", 1000, 7) ", "
	J_TEXT("cr", 10, 8) ")) j",
	/* STMT_ACCOUNTS_MANY: the run's password hash, then [[client, registered on], ...] */
	"INSERT INTO portal_accounts (client_id, password_hash, registered_at, updated_at) "
	"SELECT j.c, ?, j.r, j.r FROM JSON_TABLE(?, '$[*]' COLUMNS (" J_INT("c", 0) ", "
	J_TEXT("r", 10, 1) ")) j",
	/* STMT_FILE_ADD */
	"INSERT INTO files (client_id, storage_key, original_name, size, content_type, sha256, "
	"uploaded_by_kind, uploaded_by_id, shared, created_at) "
	"VALUES (?, ?, ?, ?, 'text/plain', ?, ?, ?, ?, ?)",
};

/* The kinds of records a seeded client has, each saved a batch at a time by its statement. */
enum record {
	RECORD_SESSION,
	RECORD_PAYMENT,
	RECORD_NOTE,
	RECORD_TASK,
	RECORD_ACCOUNT,
	RECORD__MAX
};

static const enum stmt record_stmts[RECORD__MAX] = {
	STMT_SESSIONS_MANY, STMT_PAYMENTS_MANY, STMT_NOTES_MANY, STMT_TASKS_MANY,
	STMT_ACCOUNTS_MANY,
};

static const char *const record_names[RECORD__MAX] = {
	"sessions", "payments and refunds", "notes", "tasks", "portal accounts",
};

/* A saved client's status and dates, waiting for the next batched statement. */
struct seed_history {
	long long		 id;
	enum client_status	 status;
	long long		 joined_ago;
	long long		 updated_ago;
};

/* A saved client's tag, waiting likewise. */
struct seed_tagging {
	long long	 client_id;
	long long	 tag_id;
};

/* What the run works with: the staff clients are assigned to, the tags, the clock, and what
 * waits to be written. */
struct seed_run {
	struct db		*db;
	uint64_t		 seed;
	long long		*staff;
	size_t			 nstaff;
	long long		 tags[SEED_TAGS_MAX];
	size_t			 ntags;
	time_t			 now;
	struct timespec		 started;
	struct seed_history	 histories[HISTORY_BATCH];
	size_t			 nhistories;
	struct seed_tagging	 taggings[TAGGING_BATCH];
	size_t			 ntaggings;
	/* The batch's records, as JSON arrays waiting for their statements. */
	struct buf		 rows[RECORD__MAX];
	struct buf		 ids;		/* a flush's clients, as a JSON array */
	int			 out_of_memory;
	/* The files of the batch, removed again if it is rolled back. */
	const char		*files_dir;
	char			 file_keys[SEED_BATCH][STORE_KEY_MAX];
	size_t			 nfile_keys;
	/* The portal accounts' password, made and hashed on the first account. */
	char			 portal_password[64];
	char			 portal_hash[CRYPTO_HASH_MAX];
	long long		 counts[RECORD__MAX];
	long long		 files;
};

/* One synthetic client, before it is saved. */
struct seed_client {
	char			 first_name[64];
	char			 last_name[128];
	char			 preferred_name[64];
	char			 email[200];
	char			 phone[PHONE_E164_MAX];
	char			 date_of_birth[16];
	const char		*gender;
	const char		*pronouns;
	const char		*occupation;
	const char		*employment;
	const char		*relationship;
	enum client_status	 status;
	long long		 joined_ago;	/* seconds before now */
	long long		 updated_ago;
	long long		 staff_id;	/* 0: unassigned */
	long long		 tags[SEED_TAGS_PER_CLIENT];
	size_t			 ntags;
};

static int
usage(void)
{
	fprintf(stderr, "usage: casebook seed -c FILE --clients N [--seed S]\n");
	return 2;
}

/* Parse a whole decimal number within [min, max] into *out; 0, or -1 when it is not one. */
static int
parse_number(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static double
seconds_since(const struct timespec *start)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/*
 * The ASCII letters a name is written with in an email address: "Zoë" gives "zoe", "Łukasz"
 * "lukasz", "Sigurðsson" "sigurdsson", "O'Brien" "obrien".  Letters of the Latin-1 and
 * Latin Extended-A blocks and the Vietnamese ones fold to their base letter; anything else
 * that is not a letter or digit is left out.
 */
static const char latin1_letters[] =
	"aaaaaa?ceeeeiiiidnooooo-ouuuuy??"	/* U+00C0 .. U+00DF */
	"aaaaaa?ceeeeiiiidnooooo-ouuuuy?y";	/* U+00E0 .. U+00FF */
static const char latin_a_letters[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkkllllllllllnnnnnnnnn"
	"oooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";	/* U+0100 .. U+017F */
_Static_assert(sizeof(latin1_letters) == 64 + 1, "one letter per code point");
_Static_assert(sizeof(latin_a_letters) == 128 + 1, "one letter per code point");

/* The ASCII letters of code point c into out (one or two, no NUL); how many, 0 for none. */
static size_t
fold_code_point(unsigned long c, char out[2])
{
	const char	*pair = NULL;
	char		 letter;

	switch (c) {
	case 0xc6: case 0xe6: pair = "ae"; break;
	case 0xde: case 0xfe: pair = "th"; break;
	case 0xdf: pair = "ss"; break;
	case 0x132: case 0x133: pair = "ij"; break;
	case 0x152: case 0x153: pair = "oe"; break;
	default: break;
	}
	if (pair != NULL) {
		memcpy(out, pair, 2);
		return 2;
	}
	if (c >= 0xc0 && c <= 0xff)
		letter = latin1_letters[c - 0xc0];
	else if (c >= 0x100 && c <= 0x17f)
		letter = latin_a_letters[c - 0x100];
	else if (c == 0x1a0 || c == 0x1a1)
		letter = 'o';
	else if (c == 0x1af || c == 0x1b0)
		letter = 'u';
	else if (c >= 0x218 && c <= 0x21b)
		letter = c < 0x21a ? 's' : 't';
	else if (c >= 0x1ea0 && c <= 0x1ef9)
		letter = c <= 0x1eb7 ? 'a' : c <= 0x1ec7 ? 'e' : c <= 0x1ecb ? 'i' :
		    c <= 0x1ee3 ? 'o' : c <= 0x1ef1 ? 'u' : 'y';
	else
		return 0;
	if (letter < 'a' || letter > 'z')	/* the signs of multiplication and division */
		return 0;
	out[0] = letter;
	return 1;
}

static void
fold_to_ascii(const char *s, char *out, size_t size)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 letters[2];
	unsigned long		 c;
	size_t			 n = 0, k, extra, got;

	while (*p != '\0') {
		if (*p < 0x80) {
			c = *p++;
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) && n + 1 < size)
				out[n++] = (char)c;
			continue;
		}
		extra = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc0 ? 1 : 0;
		c = *p++ & (0x3f >> extra);
		for (k = 0; k < extra && (*p & 0xc0) == 0x80; k++)
			c = (c << 6) | (*p++ & 0x3f);
		got = fold_code_point(c, letters);
		for (k = 0; k < got && n + 1 < size; k++)
			out[n++] = letters[k];
	}
	out[n] = '\0';
}

/* The email of a client: a local part made of their names, the ordinal (which makes it
 * unique), and try when an earlier attempt collided. */
static void
make_email(struct rng *r, const struct seed_client *c, long long ordinal, int try,
    char *out, size_t size)
{
	char		 first[64], last[128], local[200];
	const char	*domain = PICK(r, email_domains);

	fold_to_ascii(c->preferred_name[0] != '\0' && rng_percent(r, 30) ?
	    c->preferred_name : c->first_name, first, sizeof(first));
	fold_to_ascii(c->last_name, last, sizeof(last));
	if (first[0] == '\0')
		snprintf(first, sizeof(first), "client");
	if (last[0] == '\0')
		snprintf(last, sizeof(last), "seed");
	switch (rng_below(r, 5)) {
	case 0:
		snprintf(local, sizeof(local), "%s.%s", first, last);
		break;
	case 1:
		snprintf(local, sizeof(local), "%s%s", first, last);
		break;
	case 2:
		snprintf(local, sizeof(local), "%c.%s", first[0], last);
		break;
	case 3:
		snprintf(local, sizeof(local), "%s.%s", last, first);
		break;
	default:
		snprintf(local, sizeof(local), "%s_%s", first, last);
		break;
	}
	if (try == 0)
		snprintf(out, size, "%.60s%lld@%s", local, ordinal, domain);
	else
		snprintf(out, size, "%.60s%lld.%d@%s", local, ordinal, try, domain);
}

/* Append count random digits, the first from first_digits when it is not NULL. */
static void
put_digits(struct rng *r, char *out, size_t size, const char *first_digits, int count)
{
	size_t	 n = strlen(out);
	int	 i;

	for (i = 0; i < count && n + 1 < size; i++)
		out[n++] = i == 0 && first_digits != NULL ?
		    first_digits[rng_below(r, strlen(first_digits))] : (char)('0' + rng_below(r, 10));
	out[n] = '\0';
}

/* A mobile or landline number in E.164: mostly North American and British, some from
 * elsewhere, each in the shape of its country's numbers. */
static void
make_phone(struct rng *r, char out[PHONE_E164_MAX])
{
	char		 parsed[PHONE_E164_MAX];
	size_t		 pick = rng_below(r, 100);

	if (pick < 50) {
		snprintf(out, PHONE_E164_MAX, "+1%s", PICK(r, area_codes));
		put_digits(r, out, PHONE_E164_MAX, "23456789", 7);
	} else if (pick < 80) {
		if (rng_percent(r, 70)) {
			snprintf(out, PHONE_E164_MAX, "+447");
			put_digits(r, out, PHONE_E164_MAX, "456789", 9);
		} else {
			snprintf(out, PHONE_E164_MAX, "+4420");
			put_digits(r, out, PHONE_E164_MAX, "378", 8);
		}
	} else {
		switch (rng_below(r, 10)) {
		case 0:		/* Australia */
			snprintf(out, PHONE_E164_MAX, "+614");
			put_digits(r, out, PHONE_E164_MAX, NULL, 8);
			break;
		case 1:		/* Ireland */
			snprintf(out, PHONE_E164_MAX, "+3538");
			put_digits(r, out, PHONE_E164_MAX, "35679", 8);
			break;
		case 2:		/* Germany */
			snprintf(out, PHONE_E164_MAX, "+491");
			put_digits(r, out, PHONE_E164_MAX, "567", 10);
			break;
		case 3:		/* France */
			snprintf(out, PHONE_E164_MAX, "+33");
			put_digits(r, out, PHONE_E164_MAX, "67", 9);
			break;
		case 4:		/* Spain */
			snprintf(out, PHONE_E164_MAX, "+34");
			put_digits(r, out, PHONE_E164_MAX, "67", 9);
			break;
		case 5:		/* New Zealand */
			snprintf(out, PHONE_E164_MAX, "+642");
			put_digits(r, out, PHONE_E164_MAX, "17", 8);
			break;
		case 6:		/* India */
			snprintf(out, PHONE_E164_MAX, "+91");
			put_digits(r, out, PHONE_E164_MAX, "6789", 10);
			break;
		case 7:		/* South Africa */
			snprintf(out, PHONE_E164_MAX, "+27");
			put_digits(r, out, PHONE_E164_MAX, "678", 9);
			break;
		case 8:		/* the Netherlands */
			snprintf(out, PHONE_E164_MAX, "+316");
			put_digits(r, out, PHONE_E164_MAX, NULL, 8);
			break;
		default:	/* Mexico */
			snprintf(out, PHONE_E164_MAX, "+52");
			put_digits(r, out, PHONE_E164_MAX, "23456789", 10);
			break;
		}
	}
	/* What the forms would store: a number they would refuse is not realistic. */
	if (phone_parse(out, NULL, parsed) != PHONE_OK || strcmp(parsed, out) != 0)
		snprintf(out, PHONE_E164_MAX, "+12125550100");
}

/* A date of birth: mostly adults, some children and teenagers, a few left empty. */
static void
make_birth_date(struct rng *r, time_t now, char *out, size_t size, int *age)
{
	struct tm	 tm;
	time_t		 born;
	size_t		 pick = rng_below(r, 100);

	*age = pick < 8 ? 8 + (int)rng_below(r, 10) : pick < 95 ? 18 + (int)rng_below(r, 57) :
	    75 + (int)rng_below(r, 18);
	if (rng_percent(r, 8)) {
		out[0] = '\0';
		return;
	}
	born = now - (time_t)(*age * YEAR_SECONDS + (long long)rng_below(r, 365) * DAY_SECONDS);
	if (gmtime_r(&born, &tm) == NULL || strftime(out, size, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

static void
make_client(struct seed_run *run, struct rng *r, long long ordinal, int try,
    struct seed_client *c)
{
	const struct given_name	*g = &PICK(r, given_names);
	const char		*second;
	size_t			 i, k, pick, tag;
	int			 age;
	char			 gender = g->gender;

	memset(c, 0, sizeof(*c));
	snprintf(c->first_name, sizeof(c->first_name), "%s", g->name);
	snprintf(c->last_name, sizeof(c->last_name), "%s", PICK(r, family_names));
	/* Some carry two family names. */
	second = PICK(r, family_names);
	if (rng_percent(r, 4) && strchr(c->last_name, ' ') == NULL &&
	    strchr(second, ' ') == NULL && strcmp(second, c->last_name) != 0)
		snprintf(c->last_name + strlen(c->last_name),
		    sizeof(c->last_name) - strlen(c->last_name), "-%s", second);
	if (g->short_form[0] != '\0' && rng_percent(r, 35))
		snprintf(c->preferred_name, sizeof(c->preferred_name), "%s", g->short_form);
	else if (rng_percent(r, 3))
		snprintf(c->preferred_name, sizeof(c->preferred_name), "%s",
		    PICK(r, given_names).name);
	make_email(r, c, ordinal, try, c->email, sizeof(c->email));
	if (rng_percent(r, 90))
		make_phone(r, c->phone);
	make_birth_date(r, run->now, c->date_of_birth, sizeof(c->date_of_birth), &age);

	c->gender = c->pronouns = c->occupation = c->employment = c->relationship = "";
	if (gender == 'u')
		gender = rng_percent(r, 50) ? 'f' : 'm';
	if (rng_percent(r, 3))
		gender = 'n';
	if (rng_percent(r, 70)) {
		c->gender = gender == 'f' ? "Female" : gender == 'm' ? "Male" : "Non-binary";
		if (rng_percent(r, 80))
			c->pronouns = gender == 'f' ? "she/her" : gender == 'm' ? "he/him" :
			    "they/them";
	}
	if (age >= 18) {
		if (rng_percent(r, 60))
			c->occupation = age < 22 && rng_percent(r, 60) ? "Student" :
			    PICK(r, occupations);
		if (rng_percent(r, 50))
			c->employment = age >= 67 ? "Retired" : PICK(r, employment_statuses);
		if (rng_percent(r, 50))
			c->relationship = PICK(r, relationship_statuses);
	}

	/* About 60% active, 25% pending (recent: invited, not yet signed up), 15% inactive. */
	pick = rng_below(r, 100);
	c->status = pick < 60 ? CLIENT_ACTIVE : pick < 85 ? CLIENT_PENDING : CLIENT_INACTIVE;
	if (c->status == CLIENT_PENDING)
		c->joined_ago = (long long)rng_below(r, (size_t)(120 * DAY_SECONDS));
	else
		c->joined_ago = (long long)rng_below(r, (size_t)(5 * YEAR_SECONDS));
	c->updated_ago = (long long)rng_below(r, (size_t)c->joined_ago + 1);

	if (run->nstaff > 0 && rng_percent(r, 75))
		c->staff_id = run->staff[rng_below(r, run->nstaff)];

	/* 0 to 3 tags, the practice's common ones more often. */
	pick = rng_below(r, 100);
	k = pick < 25 ? 0 : pick < 60 ? 1 : pick < 85 ? 2 : 3;
	while (c->ntags < k && run->ntags > 0) {
		tag = (size_t)((double)run->ntags * rng_unit(r) * rng_unit(r));
		for (i = 0; i < c->ntags; i++)
			if (c->tags[i] == run->tags[tag])
				break;
		if (i == c->ntags)
			c->tags[c->ntags++] = run->tags[tag];
		else if (run->ntags <= SEED_TAGS_PER_CLIENT)
			break;
	}
}

/* ---- What the practice keeps about a client ----
 *
 * The proportions are those of a small therapy practice: an active client has had 1 to 12
 * sessions, weekly or fortnightly, the last of them recent; a client who has left had 1 to 8,
 * from when they joined; one in ten of the pending ones has had an intake session.  Most
 * sessions are paid (by card, bank transfer, cash, ...), some are requested, failed or still
 * unpaid, a few refunded.  About half the sessions have a note (the first an intake
 * assessment), a few of them shared with the client; active clients have 0 to 4 homework
 * tasks, most of the past ones done.  A third of the active clients have a portal account,
 * and some of those write reflections and to-dos of their own.  One client in fifty with a
 * session has a document in the Files tab (a few kilobytes of text). */

#define SEED_SESSIONS_ACTIVE	12
#define SEED_SESSIONS_LEFT	8
#define SEED_TASKS_MAX		4
#define SEED_FILE_PERCENT	2
#define SEED_ACCOUNT_PERCENT	35

static const char *const note_titles[] = {
	"Session notes", "Progress review", "Check-in", "Follow-up session", "Review of goals",
	"Session summary",
};

static const char *const note_sentences[] = {
	"Client arrived on time and engaged well throughout the session.",
	"We reviewed the week since the last session and the homework set then.",
	"Sleep has improved slightly; still waking early on most days.",
	"Discussed triggers at work and practised a grounding exercise.",
	"Client reports lower mood over the weekend, better during the week.",
	"We revisited the goals agreed at intake and adjusted the second one.",
	"Explored the pattern of avoidance around difficult conversations.",
	"Practised the breathing technique together; client found it useful.",
	"Agreed to keep a thought record until the next session.",
	"Client described a conflict with a family member and how it was resolved.",
	"Anxiety ratings this week were between 4 and 6 out of 10.",
	"Plan: continue weekly sessions and review progress in a month.",
	"Talked through the values exercise; family and health came first.",
	"Client was tired today; we kept to a lighter check-in.",
	"No risk concerns raised; safety plan reviewed and unchanged.",
	"Noted progress with the exposure hierarchy: step three completed.",
};

static const char *const reflection_titles[] = {
	"After our session", "This week", "Thoughts on the homework", "A good day",
	"Things I noticed",
};

static const char *const reflection_sentences[] = {
	"I noticed I was calmer in the mornings when I did the breathing first thing.",
	"Work was hard this week but I managed to take breaks.",
	"I tried the thought record twice; writing it down helped.",
	"Slept better on the days I walked in the evening.",
	"I want to talk about my sister next time.",
	"Felt anxious before the meeting, used the grounding exercise, and it passed.",
	"I am not sure the new routine is working yet.",
	"Had a good conversation with a friend about how I have been doing.",
};

struct homework {
	const char	*title;
	const char	*description;
};

static const struct homework homework[] = {
	{ "Thought record", "Write down one difficult moment a day: the situation, the thought, "
	    "the feeling, and another way to see it." },
	{ "Sleep diary", "Note when you go to bed, when you wake, and how rested you feel." },
	{ "Breathing practice", "Ten minutes of slow breathing twice a day, morning and evening." },
	{ "Values worksheet", "Pick the five values that matter most to you and one small step "
	    "for each." },
	{ "Activity schedule", "Plan one enjoyable and one useful activity for each day." },
	{ "Worry time", "Keep worries for a set 15 minutes each evening and write them down." },
	{ "Exposure step", "Try the next step of the hierarchy three times this week and rate "
	    "the anxiety." },
	{ "Gratitude notes", "Write three things that went well each day." },
	{ "Read the handout", "Read the handout on the anxiety cycle and note any questions." },
	{ "Walk", "A 20-minute walk on at least four days." },
};

static const char *const client_todos[] = {
	"Book a GP appointment", "Call my sister", "Finish the workbook chapter",
	"Try the meditation app", "Write to my manager about hours",
};

static const char *const done_comments[] = {
	"", "", "Done, it helped.", "Did it most days.", "Harder than expected.",
};

static const char *const staff_documents[] = {
	"Intake form.txt", "Treatment plan.txt", "Assessment summary.txt", "Referral letter.txt",
};

static const char *const client_documents[] = {
	"Sleep diary.txt", "Thought record.txt", "My notes.txt",
};

/* The day of t (UTC) as YYYY-MM-DD into out (11 bytes). */
static void
day_text(time_t t, char out[11])
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 11, "2000-01-01");
}

/* Start a row of the batch of kind; the values follow as JSON (json_text, json_int). */
static struct buf *
row_begin(struct seed_run *run, enum record kind)
{
	struct buf	*b = &run->rows[kind];

	if (buf_puts(b, b->len == 0 ? "[[" : ",[") == -1)
		run->out_of_memory = 1;
	run->counts[kind]++;
	return b;
}

static void
json_text(struct seed_run *run, struct buf *b, const char *s, int last)
{
	if (buf_json_string(b, s) == -1 || buf_putc(b, last ? ']' : ',') == -1)
		run->out_of_memory = 1;
}

static void
json_int(struct seed_run *run, struct buf *b, long long n, int last)
{
	if (buf_printf(b, "%lld%c", n, last ? ']' : ',') == -1)
		run->out_of_memory = 1;
}

/* Two to four sentences of list, some with a second paragraph, into out. */
static void
make_text(struct seed_run *run, struct rng *r, const char *const *list, size_t n,
    struct buf *out)
{
	size_t	 i, k = 2 + rng_below(r, 3);

	buf_reset(out);
	for (i = 0; i < k; i++)
		if (buf_printf(out, "%s%s", i == 0 ? "" : i == 2 && k == 4 ? "\n\n" : " ",
		    list[rng_below(r, n)]) == -1)
			run->out_of_memory = 1;
}

/* A session on day (noon UTC) and the money for it. */
static void
make_session(struct seed_run *run, struct rng *r, long long id, long long staff, time_t day)
{
	static const char *const kinds[] = { "in_person", "in_person", "in_person", "video",
	    "video", "phone" };
	static const char *const methods[] = { "card", "card", "card", "card", "card",
	    "bank_transfer", "bank_transfer", "bank_transfer", "cash", "cash", "cheque",
	    "other" };
	struct buf	*b;
	char		 held[11], paid[11], start[9];
	long long	 fee = 8000 + 500 * (long long)rng_below(r, 15), amount;
	long long	 age_days = (long long)((run->now - day) / DAY_SECONDS);
	time_t		 paid_on;
	size_t		 pick;
	const char	*state, *method = PICK(r, methods);

	day_text(day, held);
	snprintf(start, sizeof(start), "%02zu:%s:00", 9 + rng_below(r, 9),
	    rng_percent(r, 50) ? "00" : "30");
	b = row_begin(run, RECORD_SESSION);
	json_int(run, b, id, 0);
	json_text(run, b, held, 0);
	json_text(run, b, start, 0);
	json_int(run, b, rng_percent(r, 80) ? 50 : rng_percent(r, 50) ? 60 : 90, 0);
	json_text(run, b, PICK(r, kinds), 0);
	json_int(run, b, fee, 0);
	json_int(run, b, staff, 1);

	/* A recent session is more often still requested or unpaid. */
	pick = rng_below(r, 100);
	if (age_days < 7 && pick < 40)
		state = pick < 25 ? "requested" : NULL;
	else
		state = pick < 80 ? "paid" : pick < 85 ? "manual" : pick < 89 ? "requested" :
		    pick < 92 ? "failed" : NULL;
	if (state == NULL)
		return;
	if (strcmp(state, "failed") == 0 || strcmp(state, "requested") == 0)
		method = "card";
	paid_on = day + (time_t)rng_below(r, 4) * DAY_SECONDS;
	if (paid_on > run->now)
		paid_on = day;
	day_text(paid_on, paid);
	b = row_begin(run, RECORD_PAYMENT);
	json_int(run, b, id, 0);
	json_text(run, b, held, 0);
	json_text(run, b, "payment", 0);
	json_text(run, b, state, 0);
	json_int(run, b, fee, 0);
	json_text(run, b, method, 0);
	json_text(run, b, paid, 0);
	json_int(run, b, staff, 1);
	if (strcmp(state, "paid") != 0 || !rng_percent(r, 2) ||
	    paid_on + 7 * DAY_SECONDS > run->now)
		return;
	amount = rng_percent(r, 50) ? fee : fee / 2;
	day_text(paid_on + 7 * DAY_SECONDS, paid);
	b = row_begin(run, RECORD_PAYMENT);
	json_int(run, b, id, 0);
	json_text(run, b, held, 0);
	json_text(run, b, "refund", 0);
	json_text(run, b, "paid", 0);
	json_int(run, b, amount, 0);
	json_text(run, b, method, 0);
	json_text(run, b, paid, 0);
	json_int(run, b, staff, 1);
}

static void
make_note(struct seed_run *run, struct rng *r, long long id, const char *author_kind,
    long long author, const char *title, time_t day, int shared, const char *const *sentences,
    size_t nsentences, struct buf *text)
{
	struct buf	*b;
	char		 date[11];

	day_text(day, date);
	make_text(run, r, sentences, nsentences, text);
	b = row_begin(run, RECORD_NOTE);
	json_int(run, b, id, 0);
	json_text(run, b, author_kind, 0);
	json_int(run, b, author, 0);
	json_text(run, b, title, 0);
	json_text(run, b, text->data, 0);
	json_text(run, b, date, 0);
	json_int(run, b, shared, 1);
}

static void
make_task(struct seed_run *run, struct rng *r, long long id, const char *kind, long long by,
    const char *title, const char *description, time_t created, time_t due)
{
	struct buf	*b;
	struct tm	 tm;
	char		 created_on[11], due_on[11] = "", done_at[20] = "";
	time_t		 done = 0;
	int		 chance = due != 0 && due < run->now ? 75 : 20;

	day_text(created, created_on);
	if (due != 0)
		day_text(due, due_on);
	if (rng_percent(r, (unsigned)chance)) {
		done = created + (time_t)(1 + rng_below(r, 7)) * DAY_SECONDS + 18 * 3600;
		if (done > run->now)
			done = run->now;
		if (gmtime_r(&done, &tm) == NULL ||
		    strftime(done_at, sizeof(done_at), "%Y-%m-%d %H:%M:%S", &tm) == 0)
			done_at[0] = '\0';
	}
	b = row_begin(run, RECORD_TASK);
	json_int(run, b, id, 0);
	json_text(run, b, kind, 0);
	json_int(run, b, by, 0);
	json_text(run, b, title, 0);
	json_text(run, b, description, 0);
	json_text(run, b, due_on, 0);
	json_text(run, b, done_at, 0);
	json_text(run, b, done_at[0] != '\0' ? PICK(r, done_comments) : "", 0);
	json_text(run, b, created_on, 1);
}

/* A document of a few kilobytes in the file store and its files row; 0 or -1. */
static int
make_file(struct seed_run *run, struct rng *r, long long id, int by_client, long long by,
    time_t day, struct buf *text)
{
	struct db_query	 q;
	unsigned char	 digest[CRYPTO_SHA256_BYTES];
	char		 temp[4096], hex[CRYPTO_SHA256_BYTES * 2 + 1], created[20];
	const char	*name = by_client ? PICK(r, client_documents) : PICK(r, staff_documents);
	size_t		 i, k = 20 + rng_below(r, 60);
	ssize_t		 wrote;
	int		 fd, rc = -1;
	struct tm	 tm;
	char		*key = run->file_keys[run->nfile_keys];

	buf_reset(text);
	if (buf_printf(text, "%.*s\n\n", (int)(strlen(name) - 4), name) == -1)
		return -1;
	for (i = 0; i < k; i++)
		if (buf_printf(text, "%s%s", PICK(r, note_sentences), i % 5 == 4 ? "\n" : " ") ==
		    -1)
			return -1;
	crypto_sha256(text->data, text->len, digest);
	crypto_hex(digest, sizeof(digest), hex);
	if (snprintf(temp, sizeof(temp), "%s/.seed-XXXXXX", run->files_dir) >= (int)sizeof(temp) ||
	    (fd = mkstemp(temp)) == -1) {
		fprintf(stderr, "casebook: cannot write in %s\n", run->files_dir);
		return -1;
	}
	wrote = write(fd, text->data, text->len);
	if (close(fd) == -1 || wrote != (ssize_t)text->len || store_put(run->files_dir, temp,
	    key) == -1) {
		fprintf(stderr, "casebook: cannot store a file in %s\n", run->files_dir);
		unlink(temp);
		return -1;
	}
	run->nfile_keys++;
	day += 12 * 3600;
	if (gmtime_r(&day, &tm) == NULL || strftime(created, sizeof(created),
	    "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return -1;
	db_query_init(&q, run->db, stmts[STMT_FILE_ADD]);
	db_bind_int(&q, id);
	db_bind_text(&q, key);
	db_bind_text(&q, name);
	db_bind_int(&q, (long long)text->len);
	db_bind_text(&q, hex);
	db_bind_text(&q, by_client ? "client" : "staff");
	db_bind_int(&q, by);
	db_bind_int(&q, by_client || rng_percent(r, 50));
	db_bind_text(&q, created);
	if (db_exec(&q, NULL) == 0) {
		run->files++;
		rc = 0;
	}
	return rc;
}

/* The records of the saved client id (ordinal, as generated in c): they join the batch's
 * JSON arrays, a file is stored at once.  0 or -1. */
static int
make_records(struct seed_run *run, long long id, long long ordinal,
    const struct seed_client *c)
{
	struct rng	 r;
	struct buf	 text = { 0 };
	struct buf	*b;
	time_t		 joined = run->now - (time_t)c->joined_ago, first, day, last = 0;
	time_t		 days[SEED_SESSIONS_ACTIVE];
	long long	 staff = c->staff_id != 0 ? c->staff_id :
	    run->staff[(size_t)ordinal % run->nstaff];
	size_t		 want, n = 0, i, k, step;
	int		 account = 0, rc = -1;
	char		 date[11];
	const struct homework *h;

	if (run->nstaff == 0)
		return 0;	/* no one to have held the sessions */
	rng_init(&r, run->seed, STREAM_RECORDS(ordinal));
	step = rng_percent(&r, 65) ? 7 : 14;
	switch (c->status) {
	case CLIENT_ACTIVE:
		/* Seeing the therapist now: the last session within the last fortnight. */
		want = 1 + rng_below(&r, SEED_SESSIONS_ACTIVE);
		first = run->now - (time_t)((want - 1) * step + 1 + rng_below(&r, step)) *
		    DAY_SECONDS;
		if (first < joined)
			first = joined;
		break;
	case CLIENT_INACTIVE:
		want = 1 + rng_below(&r, SEED_SESSIONS_LEFT);
		first = joined + (time_t)rng_below(&r, 14) * DAY_SECONDS;
		break;
	default:
		want = rng_percent(&r, 10) ? 1 : 0;
		first = joined + (time_t)rng_below(&r, 7) * DAY_SECONDS;
		break;
	}
	first -= first % DAY_SECONDS;
	for (day = first; n < want && day < run->now; day += (time_t)step * DAY_SECONDS)
		days[n++] = last = day;

	for (i = 0; i < n; i++) {
		make_session(run, &r, id, staff, days[i]);
		if (i == 0 && rng_percent(&r, 90))
			make_note(run, &r, id, "staff", staff, "Intake assessment", days[i],
			    0, note_sentences, COUNT(note_sentences), &text);
		else if (i > 0 && rng_percent(&r, 50))
			make_note(run, &r, id, "staff", staff, PICK(&r, note_titles), days[i],
			    rng_percent(&r, 15), note_sentences, COUNT(note_sentences), &text);
	}
	if (n > 0 && c->status != CLIENT_PENDING) {
		k = rng_below(&r, c->status == CLIENT_ACTIVE ? SEED_TASKS_MAX + 1 : 3);
		for (i = 0; i < k; i++) {
			h = &PICK(&r, homework);
			day = days[rng_below(&r, n)];
			make_task(run, &r, id, "staff", staff, h->title, h->description, day,
			    day + 7 * DAY_SECONDS);
		}
	}
	if (c->status == CLIENT_ACTIVE && rng_percent(&r, SEED_ACCOUNT_PERCENT)) {
		/* One password for the run's accounts, hashed once: the hash is slow on purpose. */
		if (run->portal_hash[0] == '\0' &&
		    (crypto_password_generate(run->portal_password,
		    sizeof(run->portal_password)) == -1 ||
		    crypto_password_hash(run->portal_password, 0, run->portal_hash) == -1)) {
			fprintf(stderr, "casebook: cannot make the portal accounts' password\n");
			goto out;
		}
		account = 1;
		day = joined + (time_t)rng_below(&r, 14) * DAY_SECONDS;
		day_text(day < run->now ? day : run->now, date);
		b = row_begin(run, RECORD_ACCOUNT);
		json_int(run, b, id, 0);
		json_text(run, b, date, 1);
		if (n > 0 && rng_percent(&r, 40))
			for (i = 0, k = 1 + rng_below(&r, 3); i < k; i++)
				make_note(run, &r, id, "client", id, PICK(&r, reflection_titles),
				    days[rng_below(&r, n)] + (last + DAY_SECONDS < run->now ?
				    DAY_SECONDS : 0), rng_percent(&r, 50),
				    reflection_sentences, COUNT(reflection_sentences), &text);
		if (n > 0 && rng_percent(&r, 25))
			make_task(run, &r, id, "client", id, PICK(&r, client_todos), "", last,
			    rng_percent(&r, 50) ? last + 10 * DAY_SECONDS : 0);
	}
	if (n > 0 && rng_percent(&r, SEED_FILE_PERCENT) &&
	    make_file(run, &r, id, account && rng_percent(&r, 30), account ? id : staff,
	    days[rng_below(&r, n)], &text) == -1)
		goto out;
	rc = run->out_of_memory ? -1 : 0;
out:
	buf_free(&text);
	return rc;
}

/* Write the batch's records, kind by kind (sessions before their payments); 0 or -1. */
static int
flush_records(struct seed_run *run)
{
	struct db_query	 q;
	size_t		 kind;

	for (kind = 0; kind < RECORD__MAX; kind++) {
		if (run->rows[kind].len == 0)
			continue;
		if (buf_putc(&run->rows[kind], ']') == -1)
			return -1;
		db_query_init(&q, run->db, stmts[record_stmts[kind]]);
		if (kind == RECORD_ACCOUNT)
			db_bind_text(&q, run->portal_hash);
		db_bind_text(&q, run->rows[kind].data);
		if (db_exec(&q, NULL) == -1)
			return -1;
		buf_reset(&run->rows[kind]);
	}
	return 0;
}

/* Write the waiting statuses and dates; 0 or -1. */
static int
flush_histories(struct seed_run *run)
{
	struct db_query		 q;
	struct seed_history	*h;
	size_t			 i;

	if (run->nhistories == 0)
		return 0;
	db_query_init(&q, run->db, stmts[STMT_HISTORIES]);
	for (i = 0; i < HISTORY_BATCH; i++) {
		h = &run->histories[i < run->nhistories ? i : 0];
		db_bind_int(&q, h->id);
		db_bind_text(&q, client_statuses[h->status]);
		db_bind_int(&q, h->joined_ago);
		db_bind_int(&q, h->updated_ago);
	}
	if (db_exec(&q, NULL) == -1)
		return -1;
	/* their search rows and counts follow the statuses and dates */
	buf_reset(&run->ids);
	buf_putc(&run->ids, '[');
	for (i = 0; i < run->nhistories; i++)
		buf_printf(&run->ids, "%s%lld", i ? "," : "", run->histories[i].id);
	run->nhistories = 0;
	if (buf_putc(&run->ids, ']') == -1)
		return -1;
	return db_clients_sync(run->db, run->ids.data);
}

/* Write the waiting tags; 0 or -1. */
static int
flush_taggings(struct seed_run *run)
{
	struct db_query		 q;
	struct seed_tagging	*t;
	size_t			 i;

	if (run->ntaggings == 0)
		return 0;
	db_query_init(&q, run->db, stmts[STMT_TAGGINGS]);
	for (i = 0; i < TAGGING_BATCH; i++) {
		t = &run->taggings[i < run->ntaggings ? i : 0];
		db_bind_int(&q, t->client_id);
		db_bind_int(&q, t->tag_id);
	}
	if (db_exec(&q, NULL) == -1)
		return -1;
	/* A new client's tags are new to it, each once (IGNORE only drops the repeats that
	 * fill the batch): every tagging adds one to its tag.  Then the clients' words. */
	buf_reset(&run->ids);
	buf_putc(&run->ids, '[');
	for (i = 0; i < run->ntaggings; i++) {
		t = &run->taggings[i];
		if (db_tag_count_add(run->db, t->tag_id, 1) == -1)
			return -1;
		buf_printf(&run->ids, "%s%lld", i ? "," : "", t->client_id);
	}
	run->ntaggings = 0;
	if (buf_putc(&run->ids, ']') == -1)
		return -1;
	return db_clients_sync(run->db, run->ids.data);
}

/* Save the client of this ordinal; its status, dates and tags join the batches.  0 or -1. */
static int
save_client(struct seed_run *run, long long ordinal)
{
	struct seed_client	 c;
	struct seed_history	*h;
	struct rng		 r;
	const char		*v[CF__MAX];
	long long		 id;
	size_t			 i;
	int			 try;

	for (try = 0; ; try++) {
		rng_init(&r, run->seed, (uint64_t)ordinal);
		make_client(run, &r, ordinal, try, &c);
		for (i = 0; i < CF__MAX; i++)
			v[i] = "";
		v[CF_FIRST_NAME] = c.first_name;
		v[CF_LAST_NAME] = c.last_name;
		v[CF_PREFERRED_NAME] = c.preferred_name;
		v[CF_EMAIL] = c.email;
		v[CF_PHONE] = c.phone;
		v[CF_DATE_OF_BIRTH] = c.date_of_birth;
		v[CF_GENDER] = c.gender;
		v[CF_PRONOUNS] = c.pronouns;
		v[CF_OCCUPATION] = c.occupation;
		v[CF_EMPLOYMENT] = c.employment;
		v[CF_RELATIONSHIP] = c.relationship;
		if (db_client_insert(run->db, v, c.staff_id, &id) == 0)
			break;
		/* An address taken by a client added by hand: try another. */
		if (db_errno(run->db) != SERVER_DUPLICATE_KEY || try + 1 == SEED_EMAIL_TRIES)
			return -1;
	}
	h = &run->histories[run->nhistories++];
	h->id = id;
	h->status = c.status;
	h->joined_ago = c.joined_ago;
	h->updated_ago = c.updated_ago;
	if (run->nhistories == HISTORY_BATCH && flush_histories(run) == -1)
		return -1;
	if (make_records(run, id, ordinal, &c) == -1)
		return -1;
	for (i = 0; i < c.ntags; i++) {
		run->taggings[run->ntaggings].client_id = id;
		run->taggings[run->ntaggings++].tag_id = c.tags[i];
		if (run->ntaggings == TAGGING_BATCH && flush_taggings(run) == -1)
			return -1;
	}
	return 0;
}

/* Save count clients from ordinal on in one transaction; 0 or -1. */
static int
save_batch(struct seed_run *run, long long ordinal, long long count)
{
	long long	 i;
	int		 rc = -1;

	run->nhistories = run->ntaggings = run->nfile_keys = 0;
	if (db_begin(run->db) == -1)
		return -1;
	for (i = 0; i < count; i++)
		if (save_client(run, ordinal + i) == -1) {
			fprintf(stderr, "casebook: client %lld could not be saved\n", ordinal + i);
			goto out;
		}
	if (flush_histories(run) == -1 || flush_taggings(run) == -1 ||
	    flush_records(run) == -1 || db_commit(run->db) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1) {
		db_rollback(run->db);
		for (i = 0; i < (long long)run->nfile_keys; i++)
			store_remove(run->files_dir, run->file_keys[i]);
	}
	return rc;
}

/* Make sure the practice has its staff: clinicians named seed-clinicianN@example.org are
 * added until there are as many active staff as the seed asks for.  Their password is made
 * and hashed once (the hash is slow on purpose) and printed.  0 or -1. */
static int
ensure_staff(struct seed_run *run, long long want)
{
	struct db_query	 q;
	struct rng	 r;
	char		 email[64], name[256], password[64], hash[CRYPTO_HASH_MAX];
	long long	 have, taken, n;
	int		 added = 0, rc = -1;

	password[0] = '\0';
	db_query_init(&q, run->db, stmts[STMT_STAFF_COUNT]);
	if (db_scalar_int(&q, &have) == -1)
		goto out;
	for (n = 1; have < want && n <= SEED_STAFF_EMAILS_MAX; n++) {
		snprintf(email, sizeof(email), "seed-clinician%lld@example.org", n);
		rng_init(&r, run->seed, STREAM_STAFF(n));
		snprintf(name, sizeof(name), "%s %s", PICK(&r, given_names).name,
		    PICK(&r, family_names));
		db_query_init(&q, run->db, stmts[STMT_STAFF_EMAIL_TAKEN]);
		db_bind_text(&q, email);
		if (db_scalar_int(&q, &taken) == -1)
			goto out;
		if (taken)
			continue;
		if (password[0] == '\0' &&
		    (crypto_password_generate(password, sizeof(password)) == -1 ||
		    crypto_password_hash(password, 0, hash) == -1)) {
			fprintf(stderr, "casebook: cannot make the clinicians' password\n");
			goto out;
		}
		db_mark(run->db, CHANGED_SETTINGS);
		db_query_init(&q, run->db, stmts[STMT_STAFF_ADD]);
		db_bind_text(&q, email);
		db_bind_text(&q, name);
		db_bind_text(&q, hash);
		if (db_query_exec(&q) == -1) {
			db_query_end(&q);
			goto out;
		}
		audit_write_system(run->db, "staff_added", "staff", (long long)q.insert_id,
		    "clinician (seed)");
		db_query_end(&q);
		have++;
		added++;
	}
	if (added > 0)
		printf("added %d clinicians (seed-clinicianN@example.org), password: %s\n", added,
		    password);
	rc = 0;
out:
	OPENSSL_cleanse(password, sizeof(password));
	OPENSSL_cleanse(hash, sizeof(hash));
	return rc;
}

/* The staff clients are assigned to: the active clinicians, or every active staff member
 * when there is no clinician.  0 or -1. */
static int
load_staff(struct seed_run *run)
{
	struct db_query	 q;
	long long	*grown;
	size_t		 cap = 0, clinicians = 0;
	int		 rc;

	db_query_init(&q, run->db, stmts[STMT_STAFF_IDS]);
	if (db_query_exec(&q) == -1) {
		db_query_end(&q);
		return -1;
	}
	while ((rc = db_query_next(&q)) == 1) {
		if (run->nstaff == cap) {
			cap = cap ? cap * 2 : 16;
			if ((grown = realloc(run->staff, cap * sizeof(*grown))) == NULL) {
				rc = -1;
				break;
			}
			run->staff = grown;
		}
		run->staff[run->nstaff++] = db_col_int(&q, 0);
		if (db_col_int(&q, 1))
			clinicians++;
	}
	db_query_end(&q);
	if (clinicians > 0)
		run->nstaff = clinicians;	/* they come first */
	return rc == -1 ? -1 : 0;
}

/* The practice's first want tags of the list, created when missing.  0 or -1. */
static int
ensure_tags(struct seed_run *run, size_t want)
{
	for (run->ntags = 0; run->ntags < want; run->ntags++)
		if (db_tag_ensure(run->db, tag_names[run->ntags], 1,
		    &run->tags[run->ntags]) == -1)
			return -1;
	return 0;
}

int
seed_command(const struct config *cfg, int argc, char **argv)
{
	struct db_config dc;
	struct seed_run	 run;
	struct db_query	 q;
	struct rng	 r;
	long long	 clients = 0, seed = 1, first, total, want_staff, done, n, every;
	size_t		 want_tags;
	double		 took;
	int		 i, status = 1;
	char		 detail[64];

	memset(&run, 0, sizeof(run));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--clients") == 0 && i + 1 < argc) {
			if (parse_number(argv[++i], 1, SEED_CLIENTS_MAX, &clients) == -1) {
				fprintf(stderr, "casebook: --clients takes a number from 1 to %lld\n",
				    SEED_CLIENTS_MAX);
				return 2;
			}
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			if (parse_number(argv[++i], 0, INT64_MAX, &seed) == -1) {
				fprintf(stderr, "casebook: --seed takes a number from 0 up\n");
				return 2;
			}
		} else
			return usage();
	}
	if (clients == 0)
		return usage();

	clock_gettime(CLOCK_MONOTONIC, &run.started);
	run.now = time(NULL);
	run.seed = (uint64_t)seed;
	run.files_dir = cfg->files_dir;
	config_db(cfg, &dc);
	if ((run.db = db_new(&dc)) == NULL || db_connect(run.db) == -1) {
		fprintf(stderr, "casebook: cannot connect to the database (see the log above)\n");
		goto out;
	}
	/* The practice's size comes first, the same for every run with this seed. */
	rng_init(&r, run.seed, STREAM_PRACTICE);
	want_staff = SEED_STAFF_MIN + (long long)rng_below(&r, SEED_STAFF_MAX - SEED_STAFF_MIN + 1);
	want_tags = SEED_TAGS_MIN + rng_below(&r, SEED_TAGS_MAX - SEED_TAGS_MIN + 1);
	if (ensure_staff(&run, want_staff) == -1 || load_staff(&run) == -1 ||
	    ensure_tags(&run, want_tags) == -1)
		goto out;
	db_query_init(&q, run.db, stmts[STMT_CLIENT_NEXT_ID]);
	if (db_scalar_int(&q, &first) == -1)
		goto out;
	if (first < 1)
		first = 1;
	fprintf(stderr, "casebook: adding %lld clients with ids from %lld (seed %lld, %zu staff "
	    "to assign, %zu tags)\n", clients, first, seed, run.nstaff, run.ntags);
	every = clients >= 200000 ? 20000 : clients >= 20000 ? 10000 : clients >= 2000 ? 1000 :
	    clients;
	for (done = 0; done < clients; done += n) {
		n = clients - done < SEED_BATCH ? clients - done : SEED_BATCH;
		if (save_batch(&run, first + done, n) == -1)
			goto out;
		if ((done + n) / every > done / every && done + n < clients)
			fprintf(stderr, "casebook: %lld of %lld clients (%.1f s)\n", done + n,
			    clients, seconds_since(&run.started));
	}
	snprintf(detail, sizeof(detail), "%lld synthetic clients", clients);
	audit_write_system(run.db, "clients_seeded", "client", 0, detail);
	db_query_init(&q, run.db, stmts[STMT_CLIENT_COUNT]);
	if (db_scalar_int(&q, &total) == -1)
		goto out;
	/* The new clients' fragments counted now, so the directory is ready when the command
	 * ends (the job runner would do it within a few seconds). */
	if (search_counts_tend(run.db, cfg->search_count_min_clients,
	    cfg->search_count_rebuild_changes, 1) == -1) {
		fprintf(stderr, "casebook: the search counts could not be built\n");
		goto out;
	}
	took = seconds_since(&run.started);
	if (run.counts[RECORD_ACCOUNT] > 0)
		printf("the portal accounts added have the password: %s\n", run.portal_password);
	printf("records:");
	for (i = 0; i < RECORD__MAX; i++)
		printf(" %lld %s,", run.counts[i], record_names[i]);
	printf(" %lld files\n", run.files);
	printf("seeded %lld clients in %.1f s (%.0f a second); the directory holds %lld\n",
	    clients, took, (double)clients / (took > 0 ? took : 1), total);
	status = 0;
out:
	for (i = 0; i < RECORD__MAX; i++)
		buf_free(&run.rows[i]);
	buf_free(&run.ids);
	OPENSSL_cleanse(run.portal_password, sizeof(run.portal_password));
	OPENSSL_cleanse(run.portal_hash, sizeof(run.portal_hash));
	free(run.staff);
	/* The workers' kept directory pages are out of date now. */
	if (run.db != NULL && listcache_publish(run.db) == -1)
		fprintf(stderr, "casebook: the directory's version could not be raised\n");
	db_free(run.db);
	return status;
}
