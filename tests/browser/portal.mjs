// portal.mjs: a client's way from the invitation e-mail to the portal home.
// Signed in as the admin, sets the portal address on the settings page when
// it is empty, adds a client, presses Invite on the profile and signs out;
// then reads the real message from the SMTP sink's Maildir, opens its link,
// chooses a password with the keyboard and arrives on the portal home
// (Notes, Tasks, Files, Payments, no staff navigation), signs out and in
// again. Screenshots: portal-invited.png, portal-invite.png,
// portal-home.png, portal-home-phone.png, portal-login.png.

import {
  DESKTOP, PHONE, assert, assertControlsLabelled, assertNoSidewaysScroll, assertStyled,
  flashTexts, invitationLink, navigating, open, pathOf, randomLetters, screenshot,
  signIn, text,
} from "./lib.mjs";

export const name = "portal";

const PASSWORD = "a sturdy portal passphrase";

export async function run(t) {
  const env = t.env;
  const page = await t.newPage();
  const suffix = randomLetters(8);
  const address = `portal-${suffix}@test.invalid`;
  let link = "";

  await t.check("admin invites a new client", [], async () => {
    await signIn(page, env);
    await open(page, env, "/admin/settings");
    const base = page.locator("#base_url");
    if ((await base.inputValue()) === "") {
      await base.fill(env.url);
      await navigating(page, () => page.locator("main form button[type=submit]").first().click());
      assert((await flashTexts(page)).some((f) => /saved/.test(f)), "the address was not saved");
    }
    await open(page, env, "/clients/new");
    await page.locator("#first_name").fill("Marlow");
    await page.locator("#last_name").fill("Portal" + suffix);
    await page.locator("#email").fill(address);
    await navigating(page, () => page.locator("#email").press("Enter"));
    assert(/^\/clients\/\d+$/.test(pathOf(page)), "after adding, the page is " + page.url());
    await navigating(page, () => page.getByRole("button", { name: "Invite to the portal" }).click());
    const flashes = await flashTexts(page);
    assert(flashes.some((f) => f.includes("Invitation sent to " + address)),
      "no invitation message: " + JSON.stringify(flashes));
    assert((await text(page.locator(".profile-fact-portal dd"))).startsWith("Invited"),
      "the profile does not say Invited");
    await screenshot(page, env, "portal-invited.png");
    await navigating(page, () => page.locator(".signout-form button").click());
  });

  await t.check("the e-mail's link shows the practice and the email", ["admin invites a new client"],
    async () => {
      link = await invitationLink(env, address);
      assert(link.startsWith(env.url + "/portal/invite/"), "the link leads elsewhere: " + link);
      const response = await page.goto(link, { waitUntil: "load" });
      assert(response.status() === 200, "the link answered " + response.status());
      assert(/Join .+'s client portal/.test(await text(page.locator("main h1"))),
        "heading: " + await text(page.locator("main h1")));
      assert(await page.locator("#email").inputValue() === address, "the email is not shown");
      assert(await page.locator("#email").getAttribute("readonly") !== null,
        "the email can be edited");
      await assertControlsLabelled(page);
      await assertStyled(page);
      await screenshot(page, env, "portal-invite.png");
    });

  await t.check("choosing a password opens the portal home", ["the e-mail's link shows the practice and the email"],
    async () => {
      await page.locator("#password").fill(PASSWORD);
      await page.locator("#confirm_password").fill(PASSWORD);
      await navigating(page, () => page.locator("#confirm_password").press("Enter"));
      assert(pathOf(page) === "/portal", "after choosing a password the page is " + page.url());
      assert((await text(page.locator("main h1"))).startsWith("Welcome"), "no welcome");
      for (const section of ["Notes", "Tasks", "Files", "Payments"]) {
        assert(await page.locator("main h2", { hasText: section }).count() === 1,
          "no " + section + " section");
      }
      assert(await page.locator('a[href="/clients"]').count() === 0, "staff navigation shown");
      await screenshot(page, env, "portal-home.png");
      await page.setViewportSize(PHONE);
      await assertNoSidewaysScroll(page);
      await screenshot(page, env, "portal-home-phone.png");
      await page.setViewportSize(DESKTOP);
    });

  await t.check("the link is spent; sign out and in again", ["choosing a password opens the portal home"],
    async () => {
      t.allow(new URL(link).pathname, 410);
      const response = await page.goto(link, { waitUntil: "load" });
      assert(response.status() === 410, "a used link answered " + response.status());
      await open(page, env, "/portal");
      await navigating(page, () => page.locator(".signout-form button").click());
      assert(pathOf(page) === "/portal/login", "after signing out the page is " + page.url());
      await screenshot(page, env, "portal-login.png");
      await page.locator("#email").fill(address);
      await page.locator("#password").fill(PASSWORD);
      await navigating(page, () => page.locator("#password").press("Enter"));
      assert(pathOf(page) === "/portal", "after signing in the page is " + page.url());
    });
}
