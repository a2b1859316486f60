// lib.mjs: what the browser scenarios share: the environment, the results,
// a Scenario (one browser context, its checks and everything the browser
// complained about while it ran) and page helpers.
//
// A scenario is a module that exports `name` and `async function run(t)`,
// where t is the Scenario: t.env, t.context, t.newPage(), t.check(),
// t.allow() and t.trouble. The runner (run.mjs) gives each scenario a fresh
// context and, after it, checks that the browser reported no console
// errors, script errors, CSP violations or failed requests.

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
export const STEP_TIMEOUT_MS = 15000;
// An address a page is made to load on purpose, to prove that CSP
// violations are noticed; reports about it are expected, not failures.
export const PROBE_HOST = "csp-probe.invalid";

export function environment() {
  const env = {
    url: process.env.CASEBOOK_URL,
    password: process.env.CASEBOOK_TEST_ADMIN_PASSWORD,
    email: process.env.CASEBOOK_TEST_ADMIN_EMAIL || "admin@test.invalid",
    varDir: process.env.CASEBOOK_VAR,
    chromium: process.env.CASEBOOK_CHROMIUM || "/usr/bin/chromium",
  };
  const missing = [];
  if (!env.url) missing.push("CASEBOOK_URL");
  if (!env.password) missing.push("CASEBOOK_TEST_ADMIN_PASSWORD");
  if (!env.varDir) missing.push("CASEBOOK_VAR");
  if (missing.length) {
    console.error("browser: set " + missing.join(", "));
    process.exit(2);
  }
  env.url = env.url.replace(/\/+$/, "");
  env.screenshots = path.join(env.varDir, "screenshots");
  return env;
}

// ---------------------------------------------------------------- reporting

export function oneLine(text) {
  return String(text).replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((s) => s.trim()).filter(Boolean)
    .join(" | ").slice(0, 500);
}

export class Results {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  pass(name) {
    this.passed++;
    console.log("ok - " + name);
  }

  fail(name, reason) {
    this.failed++;
    console.log("not ok - " + name + ": " + oneLine(reason));
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// "a; b (3 times)" for a list that repeats itself page after page.
export function summary(list) {
  const counts = new Map();
  for (const item of list) counts.set(item, (counts.get(item) || 0) + 1);
  return Array.from(counts, ([item, n]) => (n > 1 ? `${item} (${n} times)` : item))
    .join("; ");
}

function isProbe(text) {
  return String(text).includes(PROBE_HOST);
}

function isIcon(url) {
  return /^\/static\/favicon\.[a-z]+$/.test(new URL(url).pathname);
}

// ---------------------------------------------------------------- a scenario

export class Scenario {
  constructor(name, env, results, context) {
    this.name = name;
    this.env = env;
    this.results = results;
    this.context = context;
    this.outcome = new Map();
    // Everything the browser complains about, for the final checks.
    this.trouble = {
      consoleErrors: [],
      pageErrors: [],
      cspViolations: [],
      failedRequests: [],
      probeViolations: [],
    };
    // Error answers the scenario asks for on purpose (see allow()).
    this.allowed = [];
  }

  label(name) {
    return this.name + ": " + name;
  }

  // Runs one check; a check that needs an earlier one names it in NEEDS and
  // is reported as failed (not run) when that one failed.
  async check(name, needs, body) {
    const missing = needs.filter((n) => this.outcome.get(n) !== true);
    if (missing.length) {
      this.outcome.set(name, false);
      this.results.fail(this.label(name), "not run: needs " + missing.join(", "));
      return;
    }
    try {
      await body();
      this.outcome.set(name, true);
      this.results.pass(this.label(name));
    } catch (error) {
      this.outcome.set(name, false);
      this.results.fail(this.label(name), error && error.message ? error.message : error);
    }
  }

  // A failure outside any check (the scenario itself broke).
  fail(name, reason) {
    this.results.fail(this.label(name), reason);
  }

  // The next answer STATUS for URLPATH is expected: neither it nor the
  // console's "Failed to load resource" report of it is counted as trouble.
  allow(urlPath, status) {
    this.allowed.push({ url: this.env.url + urlPath, status, response: true, console: true });
  }

  takeAllowance(kind, url, status) {
    const found = this.allowed.find((a) => a[kind] && a.url === url && a.status === status);
    if (!found) return false;
    found[kind] = false;
    return true;
  }

  // Listens to everything the browser reports about this scenario's pages.
  async watch() {
    const context = this.context;
    const trouble = this.trouble;
    context.on("console", (message) => {
      if (message.type() !== "error") return;
      const where = message.location() && message.location().url;
      const text = message.text();
      if (isProbe(text)) return;
      // A page answering an error on purpose is logged as a failed resource.
      const status = /status of (\d{3})/.exec(text);
      if (where && status && this.takeAllowance("console", where, Number(status[1]))) return;
      trouble.consoleErrors.push(text + (where ? " (" + where + ")" : ""));
    });
    context.on("weberror", (webError) => {
      trouble.pageErrors.push(String(webError.error()));
    });
    context.on("requestfailed", (request) => {
      if (isProbe(request.url())) return;
      const failure = request.failure();
      const reason = failure ? failure.errorText : "failed";
      // The browser fetches the icon after the page has loaded, and drops
      // the fetch when the test moves on at once: not the site's fault. (An
      // icon that is missing still shows up as an error answer.)
      if (reason === "net::ERR_ABORTED" && isIcon(request.url())) return;
      trouble.failedRequests.push(request.url() + " " + reason);
    });
    context.on("response", (response) => {
      const status = response.status();
      if (status < 400) return;
      if (this.takeAllowance("response", response.url(), status)) return;
      trouble.failedRequests.push(response.url() + " answered " + status);
    });
    // Reports each securitypolicyviolation event to the test. Init scripts
    // are not subject to the page's CSP.
    await context.exposeBinding("casebookReportViolation", (source, report) => {
      if (isProbe(report)) trouble.probeViolations.push(report);
      else trouble.cspViolations.push(report + " on " + source.page.url());
    });
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const report = event.violatedDirective + " blocked " +
          (event.blockedURI || "inline") +
          (event.sourceFile ? " at " + event.sourceFile + ":" + event.lineNumber : "");
        window.casebookReportViolation(report);
      });
    });
  }

  async newPage() {
    const page = await this.context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.setViewportSize(DESKTOP);
    return page;
  }

  // The checks every scenario ends with.
  async finish() {
    // Late reports (a deferred script, an image) get a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const trouble = this.trouble;
    await this.check("no console errors", [], async () => {
      assert(trouble.consoleErrors.length === 0, summary(trouble.consoleErrors));
    });
    await this.check("no script errors", [], async () => {
      assert(trouble.pageErrors.length === 0, summary(trouble.pageErrors));
    });
    await this.check("no CSP violations", [], async () => {
      assert(trouble.cspViolations.length === 0, summary(trouble.cspViolations));
    });
    await this.check("no failed requests", [], async () => {
      assert(trouble.failedRequests.length === 0, summary(trouble.failedRequests));
    });
  }
}

// ---------------------------------------------------------------- page helpers

export async function open(page, env, urlPath) {
  const response = await page.goto(env.url + urlPath, { waitUntil: "load" });
  assert(response, "no response for " + urlPath);
  return response;
}

export function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname;
}

export async function text(locator) {
  return (await locator.innerText()).replace(/\s+/g, " ").trim();
}

export async function screenshot(page, env, file) {
  await page.screenshot({ path: path.join(env.screenshots, file), fullPage: true });
}

// Runs ACTION (a click, a key press) and waits until the page it leads to
// has loaded. Unlike waitForURL, this also works when the new page has the
// same address as the old one (a form that comes back to the list).
export async function navigating(page, action) {
  const navigated = page.waitForEvent("framenavigated",
    { predicate: (frame) => frame === page.mainFrame() });
  const [response] = await Promise.all([
    // the answer that is shown, not a redirect on the way to it
    page.waitForResponse((r) => r.request().isNavigationRequest() &&
      r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400)),
    action(),
  ]);
  await navigated;
  await page.waitForLoadState("load");
  return response;
}

// Signs in through the form with the keyboard; fails unless the home page
// arrives.
export async function signIn(page, env) {
  await open(page, env, "/login");
  await page.locator("#email").fill(env.email);
  await page.locator("#password").fill(env.password);
  // Either the home page arrives or the form comes back with its error.
  const refused = page.locator("main .form-error");
  await page.locator("#password").press("Enter");
  await Promise.race([
    page.waitForURL((u) => u.pathname === "/", { waitUntil: "load" }),
    refused.waitFor({ state: "visible" }),
  ]);
  if (pathOf(page) !== "/" && await refused.count() > 0) {
    throw new Error("sign-in refused: " + await text(refused.first()));
  }
  assert(pathOf(page) === "/", "after signing in the page is " + page.url());
}

// Every visible form control has a label that names it.
export async function assertControlsLabelled(page) {
  const unlabelled = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll("input, select, textarea")) {
      if (el.type === "hidden") continue;
      const labels = el.labels ? Array.from(el.labels) : [];
      const named = labels.some((l) => l.textContent.trim() !== "") ||
        (el.getAttribute("aria-label") || "").trim() !== "";
      if (!named) bad.push(el.name || el.id || el.outerHTML.slice(0, 60));
    }
    return bad;
  });
  assert(unlabelled.length === 0, "controls without a label: " + unlabelled.join(", "));
}

// The page is no wider than the window: nothing forces sideways scrolling.
export async function assertNoSidewaysScroll(page) {
  const sizes = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert(sizes.scroll <= sizes.client + 1,
    `page is ${sizes.scroll}px wide in a ${sizes.client}px window`);
}

// The page uses Casebook's stylesheet (its rules are applied, not just linked).
export async function assertStyled(page) {
  const state = await page.evaluate(() => {
    const sheet = Array.from(document.styleSheets)
      .find((s) => s.href && new URL(s.href).pathname === "/static/casebook.css");
    let rules = 0;
    try { rules = sheet ? sheet.cssRules.length : 0; } catch (e) { rules = -1; }
    const skip = document.querySelector(".skip-link");
    return {
      linked: Boolean(sheet),
      rules,
      skip: Boolean(skip),
      skipHidden: skip ? skip.getBoundingClientRect().bottom <= 0 : false,
      font: getComputedStyle(document.body).fontFamily,
    };
  });
  assert(state.linked, "casebook.css is not linked");
  assert(state.rules > 0, "casebook.css has no rules");
  assert(state.skip, "the page has no skip link");
  assert(state.skipHidden, "the skip link is on screen before it has focus (styles not applied)");
  assert(!/^"?Times/.test(state.font), "body font is the browser default: " + state.font);
}

// The texts of the page's flash messages.
export async function flashTexts(page) {
  return (await page.locator("main .flash").allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim());
}

// n random lower-case letters, to make names and addresses of one run.
export function randomLetters(n) {
  let out = "";
  for (let i = 0; i < n; i++) out += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return out;
}

// A quoted-printable body as plain text (enough to find a link in it).
export function unquote(raw) {
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g,
    (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

// The invitation link in the newest message to ADDRESS in the SMTP sink's
// Maildir, waiting for it to arrive.
export async function invitationLink(env, address) {
  const dir = path.join(process.env.CASEBOOK_MAIL_DIR || path.join(env.varDir, "mail"), "new");
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    for (const file of await readdir(dir)) {
      const raw = await readFile(path.join(dir, file), "latin1");
      if (!raw.includes(address)) continue;
      const found = /https?:\/\/[^\s"<>]+\/portal\/invite\/[0-9a-f]{64}/.exec(unquote(raw));
      if (found) return found[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("no invitation to " + address + " arrived in " + dir);
}
