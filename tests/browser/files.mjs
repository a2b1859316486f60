// files.mjs: the Files and Payments tabs on both sides. Signed in as the
// admin: adds a client, uploads two files at once through the file input
// and shares one, records a session and a payment, and invites the client;
// then, as the client from the invitation e-mail: downloads the shared file
// (the same bytes as uploaded) and sees the payment timeline and balance.
// Screenshots: files-staff.png, payments-staff.png, files-portal.png,
// payments-portal.png.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

import {
  assert, assertControlsLabelled, flashTexts, invitationLink, navigating, open, pathOf,
  randomLetters, screenshot, signIn, text,
} from "./lib.mjs";

export const name = "files";

const PASSWORD = "a sturdy portal passphrase";
const SHARED = Buffer.from("%PDF-1.4\n% a care plan\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
const PRIVATE = Buffer.from("Private working notes\n");

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

export async function run(t) {
  const env = t.env;
  const page = await t.newPage();
  const suffix = randomLetters(8);
  const address = `files-${suffix}@test.invalid`;
  let profile = "";

  await t.check("staff upload two files and share one", [], async () => {
    await signIn(page, env);
    await open(page, env, "/admin/settings");
    const base = page.locator("#base_url");
    if ((await base.inputValue()) === "") {
      await base.fill(env.url);
      await navigating(page, () => page.locator("main form button[type=submit]").first().click());
    }
    await open(page, env, "/clients/new");
    await page.locator("#first_name").fill("Fenna");
    await page.locator("#last_name").fill("Files" + suffix);
    await page.locator("#email").fill(address);
    await navigating(page, () => page.locator("#email").press("Enter"));
    assert(/^\/clients\/\d+$/.test(pathOf(page)), "after adding, the page is " + page.url());
    profile = pathOf(page);
    await open(page, env, profile + "/files");
    await page.locator("#files").setInputFiles([
      { name: "care plan.pdf", mimeType: "application/pdf", buffer: SHARED },
      { name: "working notes.txt", mimeType: "text/plain", buffer: PRIVATE },
    ]);
    await navigating(page, () => page.getByRole("button", { name: "Upload", exact: true }).click());
    const flashes = await flashTexts(page);
    assert(flashes.some((f) => f.includes("2 files were uploaded")), JSON.stringify(flashes));
    const row = page.locator("tr", { hasText: "care plan.pdf" });
    await navigating(page, () => row.getByRole("button", { name: "Share", exact: true }).click());
    assert(await page.locator("tr", { hasText: "care plan.pdf" }).locator(".badge",
      { hasText: "Shared" }).count() === 1, "the file is not shown as shared");
    assert(await page.locator("tr", { hasText: "working notes.txt" }).locator(".badge",
      { hasText: "Not shared" }).count() === 1, "the other file is shared");
    await assertControlsLabelled(page);
    await screenshot(page, env, "files-staff.png");
  });

  await t.check("staff record a session and a payment", ["staff upload two files and share one"],
    async () => {
      await open(page, env, profile + "/payments");
      await page.locator("#held_on").fill("2026-03-02");
      await page.locator("#start_time").fill("10:00");
      await page.locator("#minutes").fill("50");
      await page.locator("#session_kind").selectOption("video");
      await page.locator("#fee").fill("80.00");
      await navigating(page, () => page.getByRole("button", { name: "Record session" }).click());
      assert((await flashTexts(page)).some((f) => f.includes("session was recorded")),
        "the session was not recorded");
      await page.locator("#amount").fill("50.00");
      await page.locator("#method").selectOption("card");
      await page.locator("#paid_on").fill("2026-03-03");
      await page.locator("#reference").fill("INV-" + suffix);
      await navigating(page, () => page.getByRole("button", { name: "Record", exact: true }).click());
      assert((await flashTexts(page)).some((f) => f.includes("payment was recorded")),
        "the payment was not recorded");
      const outstanding = await text(page.locator("#total-outstanding"));
      assert(outstanding.startsWith("30.00"), "outstanding: " + outstanding);
      assert(await page.locator("svg.timeline-svg circle.timeline-session").count() === 1,
        "no session in the picture");
      await assertControlsLabelled(page);
      await screenshot(page, env, "payments-staff.png");
      await open(page, env, profile);
      await navigating(page, () => page.getByRole("button", { name: "Invite to the portal" }).click());
      await navigating(page, () => page.locator(".signout-form button").click());
    });

  await t.check("the client downloads the shared file", ["staff record a session and a payment"],
    async () => {
      const link = await invitationLink(env, address);
      await page.goto(link, { waitUntil: "load" });
      await page.locator("#password").fill(PASSWORD);
      await page.locator("#confirm_password").fill(PASSWORD);
      await navigating(page, () => page.locator("#confirm_password").press("Enter"));
      assert(pathOf(page) === "/portal", "after choosing a password the page is " + page.url());
      await navigating(page, () => page.locator("nav a", { hasText: "Files" }).click());
      assert(pathOf(page) === "/portal/files", "the Files link leads to " + page.url());
      assert(await page.getByText("working notes.txt").count() === 0, "an unshared file shows");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "care plan.pdf" }).click(),
      ]);
      assert(download.suggestedFilename() === "care plan.pdf",
        "downloaded as " + download.suggestedFilename());
      const bytes = await readFile(await download.path());
      assert(sha256(bytes) === sha256(SHARED), "the downloaded bytes differ from the upload");
      await screenshot(page, env, "files-portal.png");
    });

  await t.check("the client sees the timeline and balance", ["the client downloads the shared file"],
    async () => {
      await navigating(page, () => page.locator("nav a", { hasText: "Payments" }).click());
      assert(pathOf(page) === "/portal/payments", "the Payments link leads to " + page.url());
      const outstanding = await text(page.locator("#total-outstanding"));
      assert(outstanding.startsWith("30.00"), "outstanding: " + outstanding);
      assert(await page.locator("svg.timeline-svg polygon").count() === 1, "no payment drawn");
      assert(await page.getByText("INV-" + suffix).count() === 1, "the payment is not listed");
      await screenshot(page, env, "payments-portal.png");
      await navigating(page, () => page.locator(".signout-form button").click());
    });
}
