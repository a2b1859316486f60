// signin.mjs: the pages a new practice sees first. Signs in and out with
// the keyboard, checks the security headers, the stylesheet, the labels, the
// audit log and the error page, proves that CSP violations are noticed, and
// takes screenshots (login.png, home.png, home-phone.png, audit.png,
// password.png).

import {
  DESKTOP, PHONE, PROBE_HOST, assert, assertControlsLabelled, assertNoSidewaysScroll,
  assertStyled, open, screenshot, signIn, text,
} from "./lib.mjs";

export const name = "signin";

const MISSING_PATH = "/no-such-page-browser-test";

export async function run(t) {
  const env = t.env;
  const page = await t.newPage();

  await t.check("sign-in page loads", [], async () => {
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

  await t.check("pages carry the security headers", ["sign-in page loads"], async () => {
    const response = await open(page, env, "/login");
    const headers = response.headers();
    const csp = headers["content-security-policy"] || "";
    assert(/default-src 'self'/.test(csp), "Content-Security-Policy is " + JSON.stringify(csp));
    assert(/frame-ancestors 'none'/.test(csp), "CSP lacks frame-ancestors 'none'");
    assert(headers["x-content-type-options"] === "nosniff",
      "X-Content-Type-Options is " + headers["x-content-type-options"]);
  });

  await t.check("sign-in page is styled and labelled", ["sign-in page loads"], async () => {
    await assertStyled(page);
    await assertControlsLabelled(page);
    await screenshot(page, env, "login.png");
  });

  await t.check("the policy blocks what it should", ["sign-in page loads"], async () => {
    // Make the page break its own policy once: if this is not seen, the
    // "no CSP violations" check at the end would prove nothing.
    await page.evaluate((host) => {
      const img = document.createElement("img");
      img.alt = "";
      img.src = "http://" + host + "/probe.png";
      document.body.appendChild(img);
    }, PROBE_HOST);
    await page.waitForTimeout(300);
    assert(t.trouble.probeViolations.length > 0,
      "an image from another host was not reported as a CSP violation");
    await page.evaluate(() => {
      for (const img of document.querySelectorAll("img[src*='csp-probe']")) img.remove();
    });
  });

  await t.check("skip link is the first stop for the keyboard", ["sign-in page loads"], async () => {
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

  await t.check("sign in with the keyboard", ["sign-in page loads"], async () => {
    await signIn(page, env);
  });

  await t.check("home page greets the user", ["sign in with the keyboard"], async () => {
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

  await t.check("home page screenshots", ["home page greets the user"], async () => {
    await screenshot(page, env, "home.png");
    await page.setViewportSize(PHONE);
    try {
      await assertNoSidewaysScroll(page);
      await screenshot(page, env, "home-phone.png");
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  await t.check("audit log lists the sign-in", ["sign in with the keyboard"], async () => {
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

  await t.check("change password form is labelled", ["sign in with the keyboard"], async () => {
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

  await t.check("a missing page shows the error page", ["sign-in page loads"], async () => {
    t.allow(MISSING_PATH, 404);
    const response = await open(page, env, MISSING_PATH);
    assert(response.status() === 404, "answered " + response.status());
    const status = await text(page.locator("main .error-status"));
    assert(status === "404", "status shown is " + JSON.stringify(status));
    const heading = await text(page.locator("main h1"));
    assert(heading === "Page not found", "heading is " + JSON.stringify(heading));
    await assertStyled(page);
  });

  await t.check("sign out with the keyboard", ["sign in with the keyboard"], async () => {
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

  await t.check("signed-out visitors are sent to sign in", ["sign out with the keyboard"], async () => {
    await open(page, env, "/admin/audit?page=1");
    const u = new URL(page.url());
    assert(u.pathname === "/login", "landed on " + page.url());
    assert(u.searchParams.get("next") === "/admin/audit?page=1",
      "next is " + JSON.stringify(u.searchParams.get("next")));
    const next = await page.locator('main input[name="next"]').getAttribute("value");
    assert(next === "/admin/audit?page=1", "the form's next field is " + JSON.stringify(next));
  });
}
