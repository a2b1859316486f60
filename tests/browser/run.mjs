// run.mjs: Casebook in a real browser. Signs in with the keyboard, looks at
// the pages a new practice sees first, takes screenshots, and fails on any
// console error, script error, failed request or Content-Security-Policy
// violation.
//
// Environment:
//   CASEBOOK_URL                   base URL of the running stack (required)
//   CASEBOOK_TEST_ADMIN_PASSWORD   password of the admin account (required)
//   CASEBOOK_TEST_ADMIN_EMAIL      default admin@test.invalid
//   CASEBOOK_VAR                   screenshots go to $CASEBOOK_VAR/screenshots
//   CASEBOOK_CHROMIUM              default /usr/bin/chromium
//
// Prints "ok - NAME" or "not ok - NAME: REASON" per check, then
// "browser: N passed, N failed"; exits 1 when a check failed, 2 when the
// environment is incomplete.

import { chromium } from "playwright-core";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const STEP_TIMEOUT_MS = 15000;
// An address the page is made to load on purpose, to prove that CSP
// violations are noticed; reports about it are expected, not failures.
const PROBE_HOST = "csp-probe.invalid";
const MISSING_PATH = "/no-such-page-browser-test";

function environment() {
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

const results = { passed: 0, failed: 0 };

function oneLine(text) {
  return String(text).replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((s) => s.trim()).filter(Boolean)
    .join(" | ").slice(0, 500);
}

function pass(name) {
  results.passed++;
  console.log("ok - " + name);
}

function fail(name, reason) {
  results.failed++;
  console.log("not ok - " + name + ": " + oneLine(reason));
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// "a; b (3 times)" for a list that repeats itself page after page.
function summary(list) {
  const counts = new Map();
  for (const item of list) counts.set(item, (counts.get(item) || 0) + 1);
  return Array.from(counts, ([item, n]) => (n > 1 ? `${item} (${n} times)` : item))
    .join("; ");
}

// Runs one check; a check that needs an earlier one names it in NEEDS and is
// reported as failed (not run) when that one failed.
const outcome = new Map();
async function check(name, needs, body) {
  const missing = needs.filter((n) => outcome.get(n) !== true);
  if (missing.length) {
    outcome.set(name, false);
    fail(name, "not run: needs " + missing.join(", "));
    return;
  }
  try {
    await body();
    outcome.set(name, true);
    pass(name);
  } catch (error) {
    outcome.set(name, false);
    fail(name, error && error.message ? error.message : error);
  }
}

// ---------------------------------------------------------------- watching

// Everything the browser complains about, for the final checks.
const trouble = {
  consoleErrors: [],
  pageErrors: [],
  cspViolations: [],
  failedRequests: [],
  probeViolations: [],
};

function isProbe(text) {
  return String(text).includes(PROBE_HOST);
}

function watch(context, env) {
  const expectedStatus = new Map([[env.url + MISSING_PATH, 404]]);

  context.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location() && message.location().url;
    const text = message.text();
    if (isProbe(text)) return;
    // The page answering 404 on purpose is logged as a failed resource.
    if (where && expectedStatus.has(where) && /status of 404/.test(text)) return;
    trouble.consoleErrors.push(text + (where ? " (" + where + ")" : ""));
  });
  context.on("weberror", (webError) => {
    trouble.pageErrors.push(String(webError.error()));
  });
  context.on("requestfailed", (request) => {
    if (isProbe(request.url())) return;
    const failure = request.failure();
    trouble.failedRequests.push(request.url() + " " +
      (failure ? failure.errorText : "failed"));
  });
  context.on("response", (response) => {
    const status = response.status();
    if (status < 400) return;
    if (expectedStatus.get(response.url()) === status) return;
    trouble.failedRequests.push(response.url() + " answered " + status);
  });
}

// Reports each securitypolicyviolation event to the test. Init scripts are
// not subject to the page's CSP.
async function listenForViolations(context) {
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

// ---------------------------------------------------------------- page helpers

async function open(page, env, urlPath) {
  const response = await page.goto(env.url + urlPath, { waitUntil: "load" });
  assert(response, "no response for " + urlPath);
  return response;
}

function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname;
}

async function text(locator) {
  return (await locator.innerText()).replace(/\s+/g, " ").trim();
}

async function screenshot(page, env, file) {
  await page.screenshot({ path: path.join(env.screenshots, file), fullPage: true });
}

// Every visible form control has a label that names it.
async function assertControlsLabelled(page) {
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
async function assertNoSidewaysScroll(page) {
  const sizes = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert(sizes.scroll <= sizes.client + 1,
    `page is ${sizes.scroll}px wide in a ${sizes.client}px window`);
}

// The page uses Casebook's stylesheet (its rules are applied, not just linked).
async function assertStyled(page) {
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

// ---------------------------------------------------------------- the checks

async function run(env, context) {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.setViewportSize(DESKTOP);

  await check("sign-in page loads", [], async () => {
    const response = await open(page, env, "/login");
    assert(response.status() === 200, "GET /login answered " + response.status());
    const heading = await text(page.locator("main h1"));
    assert(/^Sign in to \S/.test(heading), "heading is " + JSON.stringify(heading));
    const form = page.locator('main form[method="post"][action="/login"]');
    assert(await form.count() === 1, "no POST form to /login in main");
    assert(await form.locator('input[name="email"][type="email"]').count() === 1,
      "no email input");
    assert(await form.locator('input[name="password"][type="password"]').count() === 1,
      "no password input");
    assert(await form.locator('input[type="hidden"][name="next"]').count() === 1,
      "no hidden next field");
    const token = await form.locator('input[type="hidden"][name="csrf_token"]')
      .getAttribute("value");
    assert(token && token.length >= 16, "csrf_token is " + JSON.stringify(token));
    const practice = heading.replace(/^Sign in to /, "");
    const title = await page.title();
    assert(title.endsWith(" · " + practice) && title.length > practice.length + 3,
      "title " + JSON.stringify(title) + " is not \"<page> · " + practice + "\"");
  });

  await check("pages carry the security headers", ["sign-in page loads"], async () => {
    const response = await open(page, env, "/login");
    const headers = response.headers();
    const csp = headers["content-security-policy"] || "";
    assert(/default-src 'self'/.test(csp), "Content-Security-Policy is " + JSON.stringify(csp));
    assert(/frame-ancestors 'none'/.test(csp), "CSP lacks frame-ancestors 'none'");
    assert(headers["x-content-type-options"] === "nosniff",
      "X-Content-Type-Options is " + headers["x-content-type-options"]);
  });

  await check("sign-in page is styled and labelled", ["sign-in page loads"], async () => {
    await assertStyled(page);
    await assertControlsLabelled(page);
    await screenshot(page, env, "login.png");
  });

  await check("the policy blocks what it should", ["sign-in page loads"], async () => {
    // Make the page break its own policy once: if this is not seen, the
    // "no CSP violations" check at the end would prove nothing.
    await page.evaluate((host) => {
      const img = document.createElement("img");
      img.alt = "";
      img.src = "http://" + host + "/probe.png";
      document.body.appendChild(img);
    }, PROBE_HOST);
    await page.waitForTimeout(300);
    assert(trouble.probeViolations.length > 0,
      "an image from another host was not reported as a CSP violation");
    await page.evaluate(() => {
      for (const img of document.querySelectorAll("img[src*='csp-probe']")) img.remove();
    });
  });

  await check("skip link is the first stop for the keyboard", ["sign-in page loads"], async () => {
    await open(page, env, "/login");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const box = el.getBoundingClientRect();
      return {
        className: el.className, href: el.getAttribute("href"),
        onScreen: box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0,
      };
    });
    assert(focused.className === "skip-link" && focused.href === "#main",
      "first Tab reaches " + JSON.stringify(focused));
    assert(focused.onScreen, "the focused skip link is not visible");
    await page.keyboard.press("Enter");
    const landed = await page.evaluate(() => ({
      hash: location.hash,
      inMain: Boolean(document.activeElement.closest("#main")),
    }));
    assert(landed.hash === "#main", "Enter on the skip link went to " + landed.hash);
    assert(landed.inMain, "focus did not move into main");
  });

  await check("sign in with the keyboard", ["sign-in page loads"], async () => {
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
  });

  await check("home page greets the user", ["sign in with the keyboard"], async () => {
    const main = await text(page.locator("main#main"));
    assert(/Signed in as \S/.test(main), "no \"Signed in as\" on the home page: " +
      main.slice(0, 200));
    assert(/\d+ active staff accounts?/.test(main), "no active staff count on the home page");
    const nav = page.locator("header nav");
    for (const [label, href] of [["Home", "/"], ["Audit log", "/admin/audit"],
      ["Change password", "/account/password"]]) {
      const link = nav.getByRole("link", { name: label, exact: true });
      assert(await link.count() === 1, "navigation has no \"" + label + "\" link");
      assert(await link.getAttribute("href") === href, label + " does not link to " + href);
    }
    const current = await nav.locator('a[aria-current="page"]').allInnerTexts();
    assert(current.length === 1 && current[0].trim() === "Home",
      "current page in the navigation is " + JSON.stringify(current));
    const signout = page.locator('header form[method="post"][action="/logout"]');
    assert(await signout.count() === 1, "no sign-out form in the header");
    const token = await signout.locator('input[name="csrf_token"]').getAttribute("value");
    assert(token && token.length >= 16, "sign-out form has no csrf_token");
    assert(await signout.getByRole("button", { name: "Sign out" }).count() === 1,
      "no Sign out button");
    await assertStyled(page);
  });

  await check("home page screenshots", ["home page greets the user"], async () => {
    await screenshot(page, env, "home.png");
    await page.setViewportSize(PHONE);
    try {
      await assertNoSidewaysScroll(page);
      await screenshot(page, env, "home-phone.png");
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  await check("audit log lists the sign-in", ["sign in with the keyboard"], async () => {
    const response = await open(page, env, "/admin/audit");
    assert(response.status() === 200, "GET /admin/audit answered " + response.status());
    const table = page.locator("main table.table");
    assert(await table.count() === 1, "no audit table");
    const caption = await text(table.locator("caption"));
    assert(caption !== "", "the audit table has no caption");
    const headings = (await table.locator("thead th").allInnerTexts()).map((s) => s.trim());
    const expected = ["When", "Who", "Action", "Record", "Address", "Detail"];
    assert(JSON.stringify(headings) === JSON.stringify(expected),
      "columns are " + JSON.stringify(headings));
    const first = await text(table.locator("tbody tr").first());
    assert(/sign.?in/i.test(first), "the newest entry is not a sign-in: " + first);
    const pager = await text(page.locator("main .pagination"));
    assert(/Page \d+ of \d+/.test(pager), "no \"Page X of Y\": " + pager);
    await page.setViewportSize(PHONE);
    try {
      await assertNoSidewaysScroll(page);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    await screenshot(page, env, "audit.png");
  });

  await check("change password form is labelled", ["sign in with the keyboard"], async () => {
    const response = await open(page, env, "/account/password");
    assert(response.status() === 200, "GET /account/password answered " + response.status());
    await assertControlsLabelled(page);
    const wanted = { current_password: "current-password",
      new_password: "new-password", confirm_password: "new-password" };
    for (const [name, autocomplete] of Object.entries(wanted)) {
      const input = page.locator(`main input[name="${name}"]`);
      assert(await input.count() === 1, "no " + name + " field");
      assert(await input.getAttribute("type") === "password", name + " is not a password field");
      assert(await input.getAttribute("autocomplete") === autocomplete,
        name + " autocomplete is not " + autocomplete);
    }
    await screenshot(page, env, "password.png");
  });

  await check("a missing page shows the error page", ["sign-in page loads"], async () => {
    const response = await open(page, env, MISSING_PATH);
    assert(response.status() === 404, "answered " + response.status());
    const status = await text(page.locator("main .error-status"));
    assert(status === "404", "status shown is " + JSON.stringify(status));
    const heading = await text(page.locator("main h1"));
    assert(heading === "Page not found", "heading is " + JSON.stringify(heading));
    await assertStyled(page);
  });

  await check("sign out with the keyboard", ["sign in with the keyboard"], async () => {
    await open(page, env, "/");
    const button = page.locator("header").getByRole("button", { name: "Sign out" });
    await button.focus();
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/login", { waitUntil: "load" }),
      page.keyboard.press("Enter"),
    ]);
    const flash = await page.locator("main .flash").allInnerTexts();
    assert(flash.some((t) => t.includes("You have signed out.")),
      "no sign-out message: " + JSON.stringify(flash));
    assert(await page.locator("header nav").count() === 0,
      "the navigation is still shown after signing out");
  });

  await check("signed-out visitors are sent to sign in", ["sign out with the keyboard"], async () => {
    await open(page, env, "/admin/audit?page=1");
    const u = new URL(page.url());
    assert(u.pathname === "/login", "landed on " + page.url());
    assert(u.searchParams.get("next") === "/admin/audit?page=1",
      "next is " + JSON.stringify(u.searchParams.get("next")));
    const next = await page.locator('main input[name="next"]').getAttribute("value");
    assert(next === "/admin/audit?page=1", "the form's next field is " + JSON.stringify(next));
  });

  // Late reports (a deferred script, an image) get a moment to arrive.
  await page.waitForTimeout(200);

  await check("no console errors", [], async () => {
    assert(trouble.consoleErrors.length === 0, summary(trouble.consoleErrors));
  });
  await check("no script errors", [], async () => {
    assert(trouble.pageErrors.length === 0, summary(trouble.pageErrors));
  });
  await check("no CSP violations", [], async () => {
    assert(trouble.cspViolations.length === 0, summary(trouble.cspViolations));
  });
  await check("no failed requests", [], async () => {
    assert(trouble.failedRequests.length === 0, summary(trouble.failedRequests));
  });
}

async function main() {
  const env = environment();
  await mkdir(env.screenshots, { recursive: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), "casebook-chromium-"));
  let context = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: env.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
      colorScheme: "light",
      reducedMotion: "reduce",
      timeout: 30000,
    });
    watch(context, env);
    await listenForViolations(context);
    await run(env, context);
  } catch (error) {
    fail("browser", error && error.stack ? error.stack : error);
  } finally {
    if (context) await context.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
  console.log(`browser: ${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}

main();
