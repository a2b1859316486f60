// audit.mjs: every page of Casebook checked for accessibility and valid HTML.
//
// The scenario walks through the whole application as its users do, making
// the records each page needs on the way: as an administrator (the client
// list with results and filtered to nothing, a new client with its Overview,
// Notes, Tasks, Files and Payments tabs, a note, its edit and delete pages,
// the edit and delete pages of the client, the bulk delete confirmation, the
// import of a CSV file through its mapping, preview and result, tags, staff,
// settings, the audit log, jobs, the password change, the 404 and 413
// pages), as a new clinician with no clients (the empty directory and the 403
// page), signed out (staff sign-in, with its error too), and as a client (the
// invitation, the portal home, notes with a reflection of their own and its
// edit and delete pages, tasks, files, payments, password change, sign-in,
// forgotten password, the reset link, registration and its confirmation link,
// a link that is not valid).
//
// Each page is checked (one check per page) with:
// - axe-core in the browser at 1280 px and at 375 px wide: no violation of
//   impact "serious" or "critical", nor of the rules about landmarks and
//   heading order (STRUCTURE_RULES); and the colour contrast of the dark
//   scheme at 1280 px;
// - at 375 px, no sideways scrolling of the page itself
//   (document.documentElement.scrollWidth <= 375; a wide table scrolls in
//   its own container);
// - the keyboard: the first Tab reaches the skip link, which then shows, and
//   every control Tab reaches after it has a visible focus indicator;
// - the HTML exactly as the server sent it, through tidy (Debian's tidy
//   5.6): no errors, and no warnings but the ones listed in TIDY_MISREPORTS,
//   each of which is valid HTML that tidy 5.6 does not know. tidy stays for
//   what the Nu HTML Checker lets through: character references that name
//   no character (&foo;, &ndash without its semicolon), and empty <p> or
//   <span> elements and nested emphasis, valid but a template's slip.
//
// Then the HTML of every page audited, and the HTML part of every kind of
// mail Casebook sends (the invitation, the password reset, the e-mail
// confirmation and the test message of `casebook mail test`, read from the
// SMTP sink's Maildir), goes through the W3C's Nu HTML Checker (vnu.jar,
// pinned in package.json, run by Java) in one run: no errors. Its warnings
// are listed at the end.
//
// The pages that must be audited are read from app/routes.c: every GET route
// that answers an HTML page. The last check fails when one of them was not
// visited, so a new page cannot be added without being audited.
//
// Screenshots at 375 px: audit-*-375.png for a few key pages.
//
// The practice's registration settings are changed for the registration
// pages and put back at the end.

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  DESKTOP, assert, flashTexts, navigating, open, pathOf, randomLetters, screenshot,
  signIn, text, unquote,
} from "./lib.mjs";
import { readdir, readFile } from "node:fs/promises";

export const name = "audit";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const ROUTES_FILE = path.join(here, "..", "..", "app", "routes.c");
const VNU_JAR = require.resolve("vnu-jar/build/dist/vnu.jar");

export const NARROW = { width: 375, height: 812 };

// GET routes that do not answer an HTML page, and what they answer instead.
const NOT_PAGES = new Map([
  ["/healthz", "a plain-text health check"],
  ["/readyz", "a plain-text readiness check"],
  ["/clients/export.csv", "a CSV file"],
  ["/clients/import/template.csv", "a CSV file"],
  ["/clients/import/#/problems.csv", "a CSV file"],
  ["/clients/#/payments.csv", "a CSV file"],
  ["/clients/#/files/#", "a download (X-Accel-Redirect)"],
  ["/portal/files/#", "a download (X-Accel-Redirect)"],
  ["/practice/logo", "the practice's logo image"],
]);

// Warnings of tidy 5.6 about markup that is valid HTML (the WHATWG HTML
// standard) but newer than tidy's attribute tables. Each is listed with why
// it is right; any other warning, and every error, fails the page.
const TIDY_MISREPORTS = [
  {
    pattern: /^<[a-z]+> proprietary attribute "aria-current"$/,
    why: "aria-current (WAI-ARIA 1.1) may be used on any element; tidy 5.6 knows only " +
      "the attributes of ARIA 1.0",
  },
  {
    pattern: /^<title> proprietary attribute "id"$/,
    why: "id is a global attribute, and this <title> is an SVG element (the accessible " +
      "name of the payments timeline, inline <svg>), not the document's title",
  },
  {
    pattern: /^<input> proprietary attribute "autocapitalize"$/,
    why: "autocapitalize is a global attribute of HTML (WHATWG, 'autocapitalize'); " +
      "email fields use autocapitalize=\"none\" so phones do not capitalise addresses",
  },
];

// Rules of axe about the page's structure that it rates only "moderate" but
// that a screen reader user depends on to find their way: landmarks (one
// main, each region named and told apart) and headings in order. These fail
// a page too; axe's other moderate and minor findings are listed at the end.
const STRUCTURE_RULES = /^(landmark-.*|region|heading-order|page-has-heading-one)$/;

// ---------------------------------------------------------------- the routes

// The GET routes of app/routes.c that answer an HTML page: their patterns,
// '#' standing for an id and '*' for a token.
function htmlRoutes() {
  const source = readFileSync(ROUTES_FILE, "utf8");
  const patterns = [];
  const all = Array.from(source.matchAll(/\{\s*HTTP_GET,\s*"([^"]+)"/g), (m) => m[1]);
  for (const pattern of all) {
    if (!NOT_PAGES.has(pattern)) patterns.push(pattern);
  }
  assert(patterns.length > 20, "found only " + patterns.length + " GET routes in " + ROUTES_FILE);
  const gone = Array.from(NOT_PAGES.keys()).filter((p) => !all.includes(p));
  assert(gone.length === 0, "NOT_PAGES lists routes app/routes.c no longer has: " + gone.join(", "));
  return patterns;
}

function routeRegExp(pattern) {
  const body = pattern.split("").map((c) => {
    if (c === "#") return "[1-9][0-9]*";
    if (c === "*") return "[A-Za-z0-9]+";
    return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("");
  return new RegExp("^" + body + "$");
}

// ---------------------------------------------------------------- the checks

// HTML lets a <div> hold a group of <dt> and <dd> inside a <dl> (WHATWG HTML,
// "the dl element"); tidy 5.6 does not, and reports each group as a cascade
// of missing and implicit elements. The audit checks those groups itself in
// the browser (dlGroupProblems: only dt and dd, terms before descriptions) and
// gives tidy the page with the <div> tags inside each <dl> taken out (on the
// same lines, so tidy's line numbers still point into the page as sent).
const DL_GROUPS_WHY = "a <div> grouping a dt and its dd inside a dl is HTML (WHATWG, " +
  "'the dl element'); tidy 5.6 does not know it, so the audit checks the groups in the " +
  "browser and gives tidy the page without those <div> tags";

function withoutDlGroups(html) {
  return html.replace(/<dl\b[^>]*>[\s\S]*?<\/dl>/g,
    (dl) => dl.replace(/<\/?div\b[^>]*>/g, ""));
}

// The <div> groups in <dl> elements that are not what HTML allows.
async function dlGroupProblems(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const group of document.querySelectorAll("dl > div")) {
      const names = Array.from(group.children).map((c) => c.tagName.toLowerCase());
      const ok = /^(dt,)+dd(,dd)*$/.test(names.join(","));
      if (!ok) bad.push("a <div> in a <dl> holds " + (names.join(", ") || "nothing"));
    }
    return bad;
  });
}

// tidy's complaints about HTML: the lines ("line L column C - Warning: ...")
// that fail the page, and the explanations of the known misreports it made.
export function tidyProblems(html) {
  const misreports = [];
  const input = withoutDlGroups(html);
  if (input !== html) misreports.push(DL_GROUPS_WHY);
  const run = spawnSync("tidy", ["-quiet", "-errors", "--show-info", "no", "-utf8"],
    { input, encoding: "utf8" });
  if (run.error) throw new Error("tidy did not run: " + run.error.message);
  const lines = run.stderr.split("\n").map((s) => s.trim()).filter(Boolean);
  const failing = [];
  for (const line of lines) {
    const m = /^line \d+ column \d+ - (Warning|Error): (.*)$/.exec(line);
    const known = m && m[1] === "Warning" && TIDY_MISREPORTS.find((k) => k.pattern.test(m[2]));
    if (known) misreports.push(known.why);
    else failing.push(line);
  }
  // tidy's exit status: 0 clean, 1 warnings, 2 errors.
  if (run.status === 2 && !failing.some((l) => /Error:/.test(l))) {
    failing.push("tidy exited 2 (errors) without saying which");
  }
  return { failing, misreports };
}

// ---------------------------------------------------------------- the Nu HTML Checker

// The W3C's Nu HTML Checker (vnu.jar, from the npm package vnu-jar, pinned in
// package.json) over DOCUMENTS ({ label, html }), all in one run of Java: each
// document is written to DIR as a file of its own. Its errors, and its
// warnings, as { label, line, message, extract }.
export function nuCheck(documents, dir) {
  const files = new Map(); // file -> label
  documents.forEach((d, i) => {
    const slug = d.label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    const file = path.join(dir, String(i + 1).padStart(3, "0") + "-" + slug + ".html");
    writeFileSync(file, d.html);
    files.set(file, d.label);
  });
  const run = spawnSync("java", ["-jar", VNU_JAR, "--format", "json", "--stdout",
    ...files.keys()], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error("java did not run vnu.jar: " + run.error.message);
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error("vnu.jar exited " + run.status + " without a JSON report: " +
      (run.stderr || run.stdout).slice(0, 400));
  }
  const errors = [];
  const warnings = [];
  for (const m of report.messages || []) {
    const file = m.url ? fileURLToPath(m.url) : "";
    const found = {
      label: files.get(file) || file || "(no document)",
      line: m.lastLine,
      message: m.message,
      extract: (m.extract || "").replace(/\s+/g, " ").trim().slice(0, 120),
    };
    if (m.type === "error" || m.type === "non-document-error") errors.push(found);
    else if (m.type === "info" && m.subType === "warning") warnings.push(found);
  }
  // 0 when clean, 1 when it found errors; anything else is the checker failing.
  if (run.status !== 0 && !(run.status === 1 && errors.length)) {
    throw new Error("vnu.jar exited " + run.status + ": " + (run.stderr || "").slice(0, 400));
  }
  return { errors, warnings };
}

// The HTML part of a message in the SMTP sink's Maildir (RAW read as latin1,
// one character per byte): Casebook sends multipart/alternative, each part
// UTF-8 in quoted-printable.
export function mailHtml(raw) {
  const boundary = /boundary="([^"]+)"/i.exec(raw);
  assert(boundary, "the message is not multipart: " + raw.slice(0, 200));
  for (const part of raw.split("--" + boundary[1])) {
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const headers = part.slice(0, split.index);
    if (!/^Content-Type:\s*text\/html\b/im.test(headers)) continue;
    assert(/^Content-Transfer-Encoding:\s*quoted-printable/im.test(headers),
      "the HTML part is not quoted-printable: " + headers);
    const body = part.slice(split.index + split[0].length).replace(/=\r?\n/g, "");
    const bytes = [];
    for (let i = 0; i < body.length; i++) {
      const hex = body.slice(i + 1, i + 3);
      if (body[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(body.charCodeAt(i) & 0xff);
      }
    }
    return Buffer.from(bytes).toString("utf8");
  }
  throw new Error("the message has no text/html part");
}

// The messages of the checker, each with the labels of the documents it was
// found in.
function grouped(found) {
  const groups = new Map();
  for (const f of found) {
    if (!groups.has(f.message)) groups.set(f.message, new Set());
    groups.get(f.message).add(f.label);
  }
  return groups;
}

const ALL_RULES = { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
  "best-practice"] };

// What axe finds on the page as it is now, running RULES (all by default):
// the violations that fail the page, and the lesser ones.
async function axeViolations(page, rules = ALL_RULES) {
  const present = await page.evaluate(() => typeof window.axe === "object");
  if (!present) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (runOnly) => {
    const result = await window.axe.run(document, { resultTypes: ["violations"], runOnly });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ") +
        (n.failureSummary ? " (" + n.failureSummary.replace(/\s+/g, " ").slice(0, 160) + ")" : "")),
      count: v.nodes.length,
    }));
  }, rules);
  const failing = violations.filter((v) => v.impact === "serious" || v.impact === "critical" ||
    STRUCTURE_RULES.test(v.id));
  return { failing, lesser: violations.filter((v) => !failing.includes(v)) };
}

function describeViolations(width, violations) {
  return violations.map((v) => `${width}px ${v.impact} ${v.id} (${v.help}) on ${v.count}: ` +
    v.targets.join("; ")).join(" || ");
}

// Tab from the top of the page: the skip link comes first and shows, and every
// control after it (up to LIMIT) draws a focus indicator.
async function keyboardProblems(page, limit) {
  const problems = [];
  await page.evaluate(() => {
    if (document.activeElement && document.activeElement !== document.body) {
      document.activeElement.blur();
    }
    window.scrollTo(0, 0);
  });
  // Start from the document itself, as after loading the page.
  await page.locator("body").evaluate((body) => {
    body.setAttribute("tabindex", "-1");
    body.focus();
    body.removeAttribute("tabindex");
  });
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const state = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
      const shadow = style.boxShadow && style.boxShadow !== "none";
      return {
        what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
          (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""),
        skip: el.classList.contains("skip-link"),
        indicator: outline || shadow,
        onScreen: box.bottom > 0 && box.right > 0 && box.width > 0 && box.height > 0,
      };
    });
    if (state === null) break;
    if (i === 0 && !state.skip) problems.push("the first Tab reaches " + state.what + ", not the skip link");
    if (i === 0 && state.skip && !state.onScreen) problems.push("the skip link does not show when focused");
    if (!state.indicator) problems.push(state.what + " shows no focus indicator");
  }
  return problems;
}

// What nginx answers to a request whose body is larger than it takes: it
// refuses it on the Content-Length alone (before any body is sent) with the
// program's /_error/413 page, which it asks for internally.
function tooLargeAnswer(url) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(500 * 1024 * 1024) },
    }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => { body += chunk; });
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode, type: response.headers["content-type"], body });
      });
    });
    request.on("error", reject);
    request.flushHeaders();
  });
}

// ---------------------------------------------------------------- the scenario

export async function run(t) {
  const env = t.env;
  const page = await t.newPage();
  const suffix = randomLetters(8);
  const visited = new Map(); // route pattern -> labels of the pages audited for it
  const patterns = htmlRoutes();
  const routeOf = (urlPath) => patterns.find((p) => routeRegExp(p).test(urlPath));
  const misreportsSeen = new Set();
  // What the Nu HTML Checker reads at the end: every page as sent, every mail.
  const documents = [];
  // Moderate and minor findings of axe: reported at the end, not failures.
  const lesser = new Map();
  const noteLesser = (v, label) => {
    const key = v.impact + " " + v.id + " (" + v.help + ")";
    if (!lesser.has(key)) lesser.set(key, new Set());
    lesser.get(key).add(label);
  };

  // Audits the page now shown, which arrived as RESPONSE; SHOT names a
  // screenshot at 375 px; SENT is the HTML as the server sent it, when the
  // browser was shown something else (see the import in progress).
  async function audit(label, response, shot, sent) {
    await t.check("page " + label, [], async () => {
      assert(response, "no answer to audit");
      const urlPath = new URL(response.url()).pathname;
      const route = routeOf(urlPath);
      if (route) visited.set(route, (visited.get(route) || []).concat(label));
      const problems = [];
      const html = sent === undefined ? await response.text() : sent;
      documents.push({ label, html });
      const tidy = tidyProblems(html);
      for (const line of tidy.failing) problems.push("tidy: " + line);
      for (const why of tidy.misreports) misreportsSeen.add(why);
      for (const p of await dlGroupProblems(page)) problems.push("html: " + p);
      await page.setViewportSize(DESKTOP);
      const wide = await axeViolations(page);
      if (wide.failing.length) problems.push("axe: " + describeViolations(DESKTOP.width, wide.failing));
      for (const v of wide.lesser) noteLesser(v, label);
      for (const p of await keyboardProblems(page, 12)) problems.push("keyboard: " + p);
      // The stylesheet has a dark scheme for systems set to dark: its colours
      // must hold their contrast too.
      await page.emulateMedia({ colorScheme: "dark" });
      try {
        const dark = await axeViolations(page, ["color-contrast"]);
        if (dark.failing.length) {
          problems.push("axe (dark scheme): " + describeViolations(DESKTOP.width, dark.failing));
        }
      } finally {
        await page.emulateMedia({ colorScheme: "light" });
      }
      await page.setViewportSize(NARROW);
      try {
        const narrow = await axeViolations(page);
        if (narrow.failing.length) {
          problems.push("axe: " + describeViolations(NARROW.width, narrow.failing));
        }
        for (const v of narrow.lesser) noteLesser(v, label);
        const widths = await page.evaluate(() => {
          const over = [];
          const limit = document.documentElement.clientWidth;
          // What sticks out, for the message: the outermost elements past the edge.
          for (const el of document.querySelectorAll("body *")) {
            const box = el.getBoundingClientRect();
            if (box.right > limit + 1 && !over.some((o) => o.contains(el))) {
              let scrolls = false;
              for (let a = el.parentElement; a; a = a.parentElement) {
                const s = getComputedStyle(a);
                if (s.overflowX === "auto" || s.overflowX === "scroll" || s.overflowX === "hidden") {
                  scrolls = true;
                  break;
                }
              }
              if (!scrolls) over.push(el);
            }
          }
          if (over.length === 0) {
            for (const el of document.querySelectorAll("body *")) {
              if (el.getBoundingClientRect().right > limit + 1) over.push(el);
            }
          }
          return {
            scroll: document.documentElement.scrollWidth,
            over: over.slice(0, 6).map((el) => el.tagName.toLowerCase() +
              (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string"
                ? "." + el.className.trim().split(/\s+/).join(".") : "") +
              " (" + Math.round(el.getBoundingClientRect().right) + "px)"),
          };
        });
        if (widths.scroll > NARROW.width) {
          problems.push(`375px: the page is ${widths.scroll}px wide: ` +
            (widths.over.join(", ") || "text that does not wrap"));
        }
        if (shot) await screenshot(page, env, "audit-" + shot + "-375.png");
      } finally {
        await page.setViewportSize(DESKTOP);
      }
      assert(problems.length === 0, problems.join(" ### "));
    });
  }

  async function visit(label, urlPath, status, shot) {
    if (status && status !== 200) t.allow(urlPath, status);
    const response = await open(page, env, urlPath);
    if (status && response.status() !== status) {
      throw new Error(urlPath + " answered " + response.status() + ", not " + status);
    }
    await audit(label, response, shot);
    return response;
  }

  // The newest link to LINKPATH (like "/portal/reset/") in mail to ADDRESS;
  // the HTML part of that message goes to the Nu HTML Checker as MAIL.
  async function mailLink(address, linkPath, mail) {
    const dir = path.join(process.env.CASEBOOK_MAIL_DIR || path.join(env.varDir, "mail"), "new");
    const wanted = new RegExp("https?://[^\\s\"<>]+" + linkPath + "[0-9a-f]{64}");
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      for (const file of await readdir(dir)) {
        const raw = await readFile(path.join(dir, file), "latin1");
        if (!raw.includes(address)) continue;
        const found = wanted.exec(unquote(raw));
        if (found) {
          documents.push({ label: mail, html: mailHtml(raw) });
          return new URL(found[0]).pathname;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error("no link to " + linkPath + " for " + address + " arrived in " + dir);
  }

  const clientEmail = `audit-${suffix}@test.invalid`;
  const clientName = "Audra Audit" + suffix;
  const portalPassword = "an audited portal passphrase";
  let profile = "";
  let settingsBefore = null;
  let clinician = null;

  // ------------------------------------------------------------ signed out
  await t.check("signed-out pages", [], async () => {
    await visit("staff sign-in", "/login", 200, "login");
    await page.locator("#email").fill("nobody-" + suffix + "@test.invalid");
    await page.locator("#password").fill("not the password at all");
    t.allow("/login", 401);
    t.allow("/login", 422);
    t.allow("/login", 403);
    const response = await navigating(page, () => page.locator("#password").press("Enter"));
    assert(await page.locator("main .form-error").count() > 0, "no sign-in error shown");
    await audit("staff sign-in refused", response);
  });

  // ------------------------------------------------------------ administrator
  await t.check("sign in as the admin", [], async () => {
    await signIn(page, env);
    const response = await open(page, env, "/");
    await audit("home", response);
  });

  await t.check("settings, opened for registration", ["sign in as the admin"], async () => {
    await visit("settings", "/admin/settings", 200, "settings");
    settingsBefore = {
      base: await page.locator("#base_url").inputValue(),
      registration: await page.locator("#self_registration").inputValue(),
      verification: await page.locator("#email_verification").inputValue(),
    };
    if (settingsBefore.base === "") await page.locator("#base_url").fill(env.url);
    await page.locator("#self_registration").selectOption("on");
    await page.locator("#email_verification").selectOption("on");
    const response = await navigating(page,
      () => page.getByRole("button", { name: "Save settings" }).click());
    assert((await flashTexts(page)).some((f) => /saved|Nothing was changed/.test(f)),
      "the settings were not saved: " + (await text(page.locator("main"))).slice(0, 400));
    await audit("settings saved (flash)", response);
  });

  await t.check("client pages", ["sign in as the admin"], async () => {
    await visit("new client", "/clients/new", 200, "client-new");
    // sent empty: the form comes back with its errors next to the fields
    await page.locator("#first_name").evaluate((el) => el.form.noValidate = true);
    t.allow("/clients/new", 422);
    let response = await navigating(page,
      () => page.locator("main form button[type=submit]").first().click());
    await audit("new client with errors", response);
    await page.locator("#first_name").fill("Audra");
    await page.locator("#last_name").fill("Audit" + suffix);
    await page.locator("#email").fill(clientEmail);
    response = await navigating(page, () => page.locator("#email").press("Enter"));
    assert(/^\/clients\/\d+$/.test(pathOf(page)), "after adding, the page is " + page.url());
    profile = pathOf(page);
    await page.locator("#tag-add-name").fill("Audited " + suffix);
    await navigating(page, () => page.locator("#tag-add-name").press("Enter"));
    response = await navigating(page,
      () => page.getByRole("button", { name: "Invite to the portal" }).click());
    await audit("profile overview", response, "profile");
    await visit("edit client", profile + "/edit", 200);
    await visit("delete client confirmation", profile + "/delete", 200);
  });

  let noteUrl = "";
  await t.check("notes tab", ["client pages"], async () => {
    await visit("notes tab, empty", profile + "/notes", 200);
    await page.locator("#title").fill("First session " + suffix);
    await page.locator("#body").fill("We talked about **sleep**.\n\n- keep a diary\n- walk daily");
    await page.locator("#shared").check();
    const response = await navigating(page, () => page.getByRole("button", { name: "Save note" }).click());
    noteUrl = pathOf(page);
    assert(/\/notes\/\d+$/.test(noteUrl), "after saving, the page is " + page.url());
    await audit("note", response);
    await visit("notes tab", profile + "/notes", 200, "notes");
    await visit("notes search", profile + "/notes?q=sleep", 200);
    await visit("note edit", noteUrl + "/edit", 200);
    await visit("note delete confirmation", noteUrl + "/delete", 200);
  });

  await t.check("tasks tab", ["client pages"], async () => {
    await visit("tasks tab, empty", profile + "/tasks", 200);
    await page.locator("#title").fill("Morning walk " + suffix);
    await page.locator("#description").fill("Ten minutes, *twice* a day");
    await page.locator("#due_date").fill("2020-06-30");
    const response = await navigating(page,
      () => page.getByRole("button", { name: "Assign task" }).click());
    await audit("tasks tab", response, "tasks");
  });

  await t.check("files tab", ["client pages"], async () => {
    await visit("files tab, empty", profile + "/files", 200);
    await page.locator("#files").setInputFiles([
      { name: "care plan " + suffix + ".txt", mimeType: "text/plain", buffer: Buffer.from("plan\n") },
    ]);
    const response = await navigating(page,
      () => page.getByRole("button", { name: "Upload", exact: true }).click());
    assert((await flashTexts(page)).some((f) => /uploaded/.test(f)), "the file was not uploaded");
    await audit("files tab", response, "files");
  });

  await t.check("payments tab", ["client pages"], async () => {
    await visit("payments tab, empty", profile + "/payments", 200);
    await page.locator("#held_on").fill("2026-03-02");
    await page.locator("#start_time").fill("10:00");
    await page.locator("#minutes").fill("50");
    await page.locator("#fee").fill("80.00");
    await navigating(page, () => page.getByRole("button", { name: "Record session" }).click());
    await page.locator("#amount").fill("50.00");
    await page.locator("#paid_on").fill("2026-03-03");
    const response = await navigating(page,
      () => page.getByRole("button", { name: "Record", exact: true }).click());
    assert((await flashTexts(page)).some((f) => f.includes("payment was recorded")),
      "the payment was not recorded");
    await audit("payments tab", response, "payments");
  });

  let importPath = "";
  await t.check("import pages", ["sign in as the admin"], async () => {
    await visit("import upload", "/clients/import", 200);
    const file = [
      "Given Name,Family Name,E-mail Address,Referral source",
      `Ada,Bulk${suffix},ada-${suffix}@test.invalid,web`,
      `Bram,Bulk${suffix},bram-${suffix}@test.invalid,web`,
      `Cleo,Bulk${suffix},not-an-address,web`,
    ].join("\r\n") + "\r\n";
    await page.locator("#file").setInputFiles({
      name: "audit-" + suffix + ".csv", mimeType: "text/csv", buffer: Buffer.from(file),
    });
    let response = await navigating(page,
      () => page.getByRole("button", { name: "Upload and choose columns" }).click());
    importPath = pathOf(page);
    assert(/^\/clients\/import\/\d+$/.test(importPath), "the upload leads to " + page.url());
    await audit("import mapping", response, "import-mapping");
    response = await navigating(page, () => page.getByRole("button", { name: "Check the file" }).click());
    await audit("import preview", response, "import-preview");
    // The page of an import in progress reloads itself every few seconds
    // (<meta http-equiv="refresh">), which would cut the audit short: tidy
    // reads it as sent, the browser is shown it without that one element.
    let running = null;
    await page.route(env.url + importPath, async (route) => {
      const answer = await route.fetch();
      const body = await answer.text();
      if (running === null && /http-equiv="refresh"/.test(body)) running = body;
      await route.fulfill({ response: answer, body: body.replace(/<meta http-equiv="refresh"[^>]*>/, "") });
    });
    try {
      response = await navigating(page,
        () => page.getByRole("button", { name: /^Import \d+ new client/ }).click());
      if (running !== null) await audit("import in progress", response, null, running);
    } finally {
      await page.unroute(env.url + importPath);
    }
    await open(page, env, importPath);
    await page.locator("main h1", { hasText: "Import finished" }).waitFor({ timeout: 60000 });
    await visit("import result", importPath, 200);
  });

  await t.check("client list pages", ["client pages"], async () => {
    await visit("client list", "/clients", 200, "clients");
    await visit("client list searched", "/clients?q=Audit" + suffix, 200);
    await visit("client list, nothing found", "/clients?q=zz" + suffix + "qq", 200);
    // the confirmation only: nothing is deleted
    await open(page, env, "/clients?q=Audit" + suffix);
    for (const box of await page.locator('main input[name="ids"]').all()) await box.check();
    await page.getByLabel("With the selected clients").selectOption({ label: "Delete…" });
    const response = await navigating(page,
      () => page.getByRole("button", { name: "Apply", exact: true }).click());
    assert((await text(page.locator("main h1"))).startsWith("Delete "), "not the confirmation page");
    await audit("bulk delete confirmation", response, "bulk-delete");
  });

  await t.check("admin pages", ["sign in as the admin"], async () => {
    await visit("tags", "/admin/tags", 200);
    await visit("audit log", "/admin/audit", 200);
    await visit("client history", "/admin/audit?client=" + profile.split("/")[2], 200);
    await visit("jobs", "/admin/jobs", 200);
    await visit("password change", "/account/password", 200);
    await visit("staff", "/admin/staff", 200);
    const email = `clinician-${suffix}@test.invalid`;
    await page.locator("#name").fill("Cleo Clinician" + suffix);
    await page.locator("#email").fill(email);
    await page.locator("#role").selectOption("clinician");
    const response = await navigating(page,
      () => page.getByRole("button", { name: "Add team member" }).click());
    const flash = (await flashTexts(page)).join(" ");
    const m = /temporary password is: (\S+?)\. It will/.exec(flash);
    assert(m, "no temporary password in " + JSON.stringify(flash));
    clinician = { email, password: m[1] };
    await audit("staff with a new member", response);
  });

  await t.check("error pages", ["sign in as the admin"], async () => {
    await visit("404 page", "/clients/999999999", 404, "404");
    await visit("404 page, no route", "/no/such/page", 404);
    // /_error/413 is internal to nginx: the page is fetched as nginx gives it to
    // a refused upload, and shown to the browser at its own address.
    const refused = await tooLargeAnswer(env.url + "/clients/new");
    assert(refused.status === 413, "a body too large answered " + refused.status);
    assert(/text\/html/.test(refused.type || ""), "the 413 answer is " + refused.type);
    await page.route(env.url + "/_error/413", (route) => route.fulfill({
      status: 413, contentType: refused.type, body: refused.body,
    }));
    try {
      await visit("413 page", "/_error/413", 413);
    } finally {
      await page.unroute(env.url + "/_error/413");
    }
  });

  await t.check("sign out", ["sign in as the admin"], async () => {
    await open(page, env, "/");
    await navigating(page, () => page.locator(".signout-form button").click());
    assert(pathOf(page) === "/login", "after signing out the page is " + page.url());
  });

  // ------------------------------------------------------------ a new clinician
  await t.check("a clinician with no clients", ["admin pages", "sign out"], async () => {
    await open(page, env, "/login");
    await page.locator("#email").fill(clinician.email);
    await page.locator("#password").fill(clinician.password);
    await navigating(page, () => page.locator("#password").press("Enter"));
    await visit("client list, no clients yet", "/clients", 200, "clients-empty");
    assert(await page.locator("main .empty").count() > 0, "the empty list does not say so");
    await visit("403 page", "/admin/staff", 403, "403");
    await open(page, env, "/");
    await navigating(page, () => page.locator(".signout-form button").click());
  });

  // ------------------------------------------------------------ the portal
  await t.check("portal invitation", ["client pages", "sign out"], async () => {
    const link = await mailLink(clientEmail, "/portal/invite/", "invitation mail");
    await visit("portal invitation", link, 200, "portal-invite");
    await page.locator("#password").fill(portalPassword);
    await page.locator("#confirm_password").fill(portalPassword);
    const response = await navigating(page, () => page.locator("#confirm_password").press("Enter"));
    assert(pathOf(page) === "/portal", "after choosing a password the page is " + page.url());
    await audit("portal home", response, "portal-home");
    await visit("portal invitation, used", link, 410);
  });

  await t.check("portal pages", ["portal invitation", "notes tab", "tasks tab", "files tab",
    "payments tab"], async () => {
    await visit("portal notes", "/portal/notes", 200, "portal-notes");
    await visit("portal note from the practice", "/portal" + noteUrl.replace(/^\/clients\/\d+/, ""), 200);
    await page.locator("#comment-body").fill("Thank you.");
    let response = await navigating(page, () => page.getByRole("button", { name: "Send comment" }).click());
    await audit("portal note with a comment", response);
    await open(page, env, "/portal/notes");
    await page.locator("#title").fill("My week " + suffix);
    await page.locator("#body").fill("Slept better on *three* nights.");
    response = await navigating(page, () => page.getByRole("button", { name: "Save note" }).click());
    const own = pathOf(page);
    assert(/^\/portal\/notes\/\d+$/.test(own), "after saving, the page is " + page.url());
    await audit("portal own note", response);
    await visit("portal note edit", own + "/edit", 200);
    await visit("portal note delete confirmation", own + "/delete", 200);
    await visit("portal tasks", "/portal/tasks", 200, "portal-tasks");
    await visit("portal files", "/portal/files", 200);
    await visit("portal payments", "/portal/payments", 200, "portal-payments");
    await visit("portal password change", "/portal/password", 200);
    await open(page, env, "/portal");
    await navigating(page, () => page.locator(".signout-form button").click());
    assert(pathOf(page) === "/portal/login", "after signing out the page is " + page.url());
  });

  await t.check("portal signed-out pages", ["settings, opened for registration"], async () => {
    await visit("portal sign-in", "/portal/login", 200, "portal-login");
    await visit("portal forgotten password", "/portal/forgot", 200);
    await page.locator("#email").fill(clientEmail);
    const response = await navigating(page,
      () => page.getByRole("button", { name: "Send the link" }).click());
    await audit("portal forgotten password sent", response);
    await visit("portal password reset", await mailLink(clientEmail, "/portal/reset/", "password reset mail"), 200);
    await visit("portal link not valid", "/portal/reset/" + "0".repeat(64), 404);
    await visit("portal registration", "/portal/register", 200, "portal-register");
    const newcomer = `newcomer-${suffix}@test.invalid`;
    await page.locator("#first_name").fill("Nia");
    await page.locator("#last_name").fill("Newcomer" + suffix);
    await page.locator("#email").fill(newcomer);
    const sent = await navigating(page, () => page.getByRole("button", { name: "Register" }).click());
    await audit("portal registration sent", sent);
    await visit("portal email confirmation", await mailLink(newcomer, "/portal/verify/", "email confirmation mail"), 200);
  });

  await t.check("settings put back", ["settings, opened for registration"], async () => {
    await signIn(page, env);
    await open(page, env, "/admin/settings");
    await page.locator("#self_registration").selectOption(settingsBefore.registration);
    await page.locator("#email_verification").selectOption(settingsBefore.verification);
    await navigating(page, () => page.getByRole("button", { name: "Save settings" }).click());
    assert((await flashTexts(page)).some((f) => /saved|Nothing was changed/.test(f)),
      "the settings were not saved: " +
      (await text(page.locator("main"))).slice(0, 400));
    await navigating(page, () => page.locator(".signout-form button").click());
  });

  await t.check("test mail", [], async () => {
    // `casebook mail test` queues it; the job runner of the stack sends it.
    const bin = process.env.CASEBOOK_BIN;
    const config = process.env.CASEBOOK_CONFIG;
    assert(bin && config, "set CASEBOOK_BIN and CASEBOOK_CONFIG (script/test does)");
    const address = `audit-test-${suffix}@test.invalid`;
    const queued = spawnSync(bin, ["mail", "test", "-c", config, "--to", address,
      "--name", clientName], { encoding: "utf8" });
    assert(queued.status === 0, "casebook mail test exited " + queued.status + ": " +
      (queued.error ? queued.error.message : queued.stderr));
    const dir = path.join(process.env.CASEBOOK_MAIL_DIR || path.join(env.varDir, "mail"), "new");
    const deadline = Date.now() + 20000;
    for (;;) {
      let raw = null;
      for (const file of await readdir(dir)) {
        const text = await readFile(path.join(dir, file), "latin1");
        if (text.includes(address)) raw = text;
      }
      if (raw !== null) {
        documents.push({ label: "test mail", html: mailHtml(raw) });
        break;
      }
      assert(Date.now() < deadline, "no test mail to " + address + " arrived in " + dir);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  await t.check("the Nu HTML Checker finds no error", [], async () => {
    assert(documents.length > 0, "no page or mail to check");
    const dir = path.join(env.varDir, "html");
    await mkdir(dir, { recursive: true });
    const started = Date.now();
    const { errors, warnings } = nuCheck(documents, dir);
    console.log(`# Nu HTML Checker: ${documents.length} pages and mails in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const [message, labels] of grouped(warnings)) {
      console.log("# Nu HTML Checker warning: " + message + " on " + labels.size + ": " +
        Array.from(labels).slice(0, 5).join(", "));
    }
    // Each in full here; the failure's one line is cut short.
    const lines = errors.map((e) => `${e.label}, line ${e.line}: ${e.message} [${e.extract}]`);
    for (const line of lines) console.log("# Nu HTML Checker error: " + line);
    assert(errors.length === 0, errors.length + " errors: " + lines.join(" ### "));
  });

  await t.check("every page of app/routes.c was audited", [], async () => {
    const missing = patterns.filter((p) => !visited.has(p));
    assert(missing.length === 0, "not audited: " + missing.join(", "));
    for (const why of misreportsSeen) console.log("# tidy misreport allowed: " + why);
    for (const [key, labels] of lesser) {
      console.log("# axe " + key + " on " + labels.size + " pages: " +
        Array.from(labels).slice(0, 5).join(", "));
    }
  });
}
