// run.mjs: Casebook in a real browser. Launches Chromium once and runs each
// scenario (a module of this directory) in a fresh browser context:
//
//   signin.mjs      the pages a new practice sees first; sign in and out
//   directory.mjs   the client list: search, bulk deactivate, bulk delete
//   portal.mjs      a client from the invitation e-mail to the portal home
//   notes.mjs       notes and tasks on the profile and in the portal
//   files.mjs       staff upload and share a file and record a session and a
//                   payment; the client downloads the file and sees the timeline
//   import.mjs      importing clients from a CSV file, one column mapped by hand
//   audit.mjs       every page (read from app/routes.c) through axe-core at
//                   1280 and 375 px, the keyboard, and tidy; every page and
//                   every kind of mail through the Nu HTML Checker
//
// Every scenario ends with checks that the browser reported no console
// error, script error, failed request or Content-Security-Policy violation.
// Screenshots go to $CASEBOOK_VAR/screenshots.
//
// Usage: node run.mjs [SCENARIO...]   (all of them, in the order above, when
// none is named)
//
// Environment:
//   CASEBOOK_URL                   base URL of the running stack (required)
//   CASEBOOK_TEST_ADMIN_PASSWORD   password of the admin account (required)
//   CASEBOOK_TEST_ADMIN_EMAIL      default admin@test.invalid
//   CASEBOOK_VAR                   screenshots go to $CASEBOOK_VAR/screenshots
//   CASEBOOK_CHROMIUM              default /usr/bin/chromium
//   CASEBOOK_MAIL_DIR              the SMTP sink's Maildir, default $CASEBOOK_VAR/mail
//   CASEBOOK_BIN, CASEBOOK_CONFIG  the program and its configuration, for the
//                                  audit's `casebook mail test` (script/test sets them)
//
// Prints "ok - SCENARIO: NAME" or "not ok - SCENARIO: NAME: REASON" per
// check, then "browser: N passed, N failed"; exits 1 when a check failed, 2
// when the environment is incomplete or a scenario is unknown.

import { chromium } from "playwright-core";
import { mkdir } from "node:fs/promises";
import { DESKTOP, Results, Scenario, environment } from "./lib.mjs";

const SCENARIOS = ["signin", "directory", "portal", "notes", "files", "import", "audit"];

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

function chosen() {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !SCENARIOS.includes(n));
  if (unknown.length) {
    console.error("browser: no scenario " + unknown.join(", ") +
      " (there are " + SCENARIOS.join(", ") + ")");
    process.exit(2);
  }
  return names.length ? SCENARIOS.filter((n) => names.includes(n)) : SCENARIOS;
}

async function runScenario(browser, env, results, file) {
  let context = null;
  let scenario = null;
  try {
    const module = await import("./" + file + ".mjs");
    context = await browser.newContext({
      viewport: DESKTOP,
      colorScheme: "light",
      reducedMotion: "reduce",
    });
    scenario = new Scenario(module.name || file, env, results, context);
    await scenario.watch();
    await module.run(scenario);
  } catch (error) {
    const reason = error && error.stack ? error.stack : error;
    if (scenario) scenario.fail("scenario", reason);
    else results.fail(file, reason);
  } finally {
    if (scenario) await scenario.finish().catch((e) => scenario.fail("finish", e));
    if (context) await context.close().catch(() => {});
  }
}

async function main() {
  const env = environment();
  const files = chosen();
  const results = new Results();
  await mkdir(env.screenshots, { recursive: true });
  let browser = null;
  try {
    browser = await chromium.launch({
      executablePath: env.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30000,
    });
    for (const file of files) await runScenario(browser, env, results, file);
  } catch (error) {
    results.fail("browser", error && error.stack ? error.stack : error);
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  console.log(`browser: ${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}

main();
