// notes.mjs: notes and tasks on both sides. Signed in as the admin, adds and
// invites a client, writes a note on the profile's Notes tab and shares it,
// assigns a task on the Tasks tab, signs out; the client accepts the
// invitation, sees the shared note, comments on it, writes and shares a
// reflection and marks the task done (on a phone-sized window too); the
// admin signs in again and finds the reflection, the comment, "Seen by
// client" and the task done. Screenshots: notes-staff-notes.png,
// notes-staff-note.png, notes-staff-tasks.png, notes-portal-home.png,
// notes-portal-note.png, notes-portal-notes.png, notes-portal-tasks.png,
// notes-portal-tasks-phone.png, notes-staff-notes-after.png,
// notes-staff-tasks-after.png.

import {
  DESKTOP, PHONE, assert, assertControlsLabelled, assertNoSidewaysScroll, assertStyled,
  flashTexts, invitationLink, navigating, open, pathOf, randomLetters, screenshot,
  signIn, text,
} from "./lib.mjs";

export const name = "notes";

const PASSWORD = "a sturdy portal passphrase";

async function signOut(page) {
  await navigating(page, () => page.locator(".signout-form button").click());
}

export async function run(t) {
  const env = t.env;
  const page = await t.newPage();
  const suffix = randomLetters(8);
  const address = `notes-${suffix}@test.invalid`;
  const noteTitle = "Session one " + suffix;
  const reflectionTitle = "My week " + suffix;
  const taskTitle = "Breathing practice " + suffix;
  let profile = "";

  await t.check("staff write and share a note", [], async () => {
    await signIn(page, env);
    await open(page, env, "/admin/settings");
    const base = page.locator("#base_url");
    if ((await base.inputValue()) === "") {
      await base.fill(env.url);
      await navigating(page, () => page.locator("main form button[type=submit]").first().click());
    }
    await open(page, env, "/clients/new");
    await page.locator("#first_name").fill("Noor");
    await page.locator("#last_name").fill("Notes" + suffix);
    await page.locator("#email").fill(address);
    await navigating(page, () => page.locator("#email").press("Enter"));
    profile = pathOf(page);
    assert(/^\/clients\/\d+$/.test(profile), "after adding, the page is " + page.url());
    await navigating(page, () => page.getByRole("button", { name: "Invite to the portal" }).click());

    await navigating(page, () => page.getByRole("link", { name: "Notes", exact: true }).click());
    assert(pathOf(page) === profile + "/notes", "the Notes tab is " + page.url());
    await assertControlsLabelled(page);
    await page.locator("#title").fill(noteTitle);
    await page.locator("#body").fill("We talked about **sleep**.\n\n- keep a diary\n- walk daily");
    await page.locator("#shared").check();
    await navigating(page, () => page.getByRole("button", { name: "Save note" }).click());
    assert((await flashTexts(page)).some((f) => f.includes("shared with the client")),
      "no flash: " + JSON.stringify(await flashTexts(page)));
    assert(await page.locator(".note-body strong", { hasText: "sleep" }).count() === 1,
      "the note's bold is not rendered");
    assert(await page.locator(".note-body li").count() === 2, "the list is not rendered");
    assert(await page.getByText("Not opened by the client yet").count() === 1,
      "the note does not say it is unread");
    await screenshot(page, env, "notes-staff-note.png");
    await navigating(page, () => page.getByRole("link", { name: "All notes" }).click());
    assert(await page.locator(".note-title", { hasText: noteTitle }).count() === 1,
      "the note is not listed");
    await screenshot(page, env, "notes-staff-notes.png");
  });

  await t.check("staff assign a task", ["staff write and share a note"], async () => {
    await navigating(page, () => page.getByRole("link", { name: "Tasks", exact: true }).click());
    await assertControlsLabelled(page);
    await page.locator("#title").fill(taskTitle);
    await page.locator("#description").fill("Ten minutes, *twice* a day");
    await page.locator("#due_date").fill("2099-06-30");
    await navigating(page, () => page.getByRole("button", { name: "Assign task" }).click());
    assert((await flashTexts(page)).some((f) => f.includes("task was assigned")),
      "no flash: " + JSON.stringify(await flashTexts(page)));
    assert(await page.locator(".task-title", { hasText: taskTitle }).count() === 1,
      "the task is not listed");
    await screenshot(page, env, "notes-staff-tasks.png");
    await signOut(page);
  });

  await t.check("the client sees the note and comments", ["staff assign a task"], async () => {
    const link = await invitationLink(env, address);
    await page.goto(link, { waitUntil: "load" });
    await page.locator("#password").fill(PASSWORD);
    await page.locator("#confirm_password").fill(PASSWORD);
    await navigating(page, () => page.locator("#confirm_password").press("Enter"));
    assert(pathOf(page) === "/portal", "after choosing a password the page is " + page.url());
    assert(await page.locator("main a", { hasText: noteTitle }).count() === 1,
      "the home page does not list the shared note");
    assert(await page.locator("main li", { hasText: taskTitle }).count() === 1,
      "the home page does not list the task");
    await assertStyled(page);
    await screenshot(page, env, "notes-portal-home.png");
    await navigating(page, () => page.locator("main a", { hasText: noteTitle }).click());
    assert(await page.locator(".note-body strong", { hasText: "sleep" }).count() === 1,
      "the note's text is not shown");
    await page.locator("#comment-body").fill("Thank you, I will try the diary.");
    await navigating(page, () => page.getByRole("button", { name: "Send comment" }).click());
    assert(await page.locator(".comment-body", { hasText: "I will try the diary" }).count() === 1,
      "the comment is not shown");
    await assertControlsLabelled(page);
    await screenshot(page, env, "notes-portal-note.png");
  });

  await t.check("the client writes and shares a reflection", ["the client sees the note and comments"],
    async () => {
      await navigating(page, () => page.locator(".site-nav a", { hasText: "Notes" }).click());
      assert(pathOf(page) === "/portal/notes", "the Notes link leads to " + page.url());
      await page.locator("#title").fill(reflectionTitle);
      await page.locator("#body").fill("Slept better on *three* nights.");
      await page.locator("#shared").check();
      await navigating(page, () => page.getByRole("button", { name: "Save note" }).click());
      assert((await flashTexts(page)).some((f) => f.includes("shared with your practitioner")),
        "no flash: " + JSON.stringify(await flashTexts(page)));
      await navigating(page, () => page.getByRole("link", { name: "All notes" }).click());
      assert(await page.locator(".note-title", { hasText: reflectionTitle }).count() === 1,
        "the reflection is not listed");
      await screenshot(page, env, "notes-portal-notes.png");
    });

  await t.check("the client marks the task done", ["the client writes and shares a reflection"],
    async () => {
      await navigating(page, () => page.locator(".site-nav a", { hasText: "Tasks" }).click());
      const task = page.locator(".task", { hasText: taskTitle });
      assert(await task.locator("em", { hasText: "twice" }).count() === 1,
        "the description is not rendered");
      await page.setViewportSize(PHONE);
      await assertNoSidewaysScroll(page);
      await screenshot(page, env, "notes-portal-tasks-phone.png");
      await page.setViewportSize(DESKTOP);
      await task.locator("textarea").fill("Done every morning");
      await navigating(page, () => task.getByRole("button", { name: "Mark done" }).click());
      assert((await flashTexts(page)).some((f) => f.includes("marked as done")),
        "no flash: " + JSON.stringify(await flashTexts(page)));
      assert(await page.locator(".task-done", { hasText: taskTitle }).count() === 1,
        "the task is not among the completed");
      await assertControlsLabelled(page);
      await screenshot(page, env, "notes-portal-tasks.png");
      await signOut(page);
    });

  await t.check("staff see the reflection, the comment and the task done",
    ["the client marks the task done"], async () => {
      await signIn(page, env);
      await open(page, env, profile + "/notes");
      assert(await page.locator(".note-title", { hasText: reflectionTitle }).count() === 1,
        "the shared reflection is not on the profile");
      const row = page.locator(".note-item", { hasText: noteTitle });
      assert((await text(row)).includes("Seen by client"), "the note is not marked as seen");
      assert((await text(row)).includes("1 comment"), "the comment is not counted");
      await screenshot(page, env, "notes-staff-notes-after.png");
      await open(page, env, profile + "/tasks");
      assert((await text(page.locator(".task-summary"))).includes("1 of 1 done (100%)"),
        "the completion rate is " + await text(page.locator(".task-summary")));
      assert(await page.locator(".task-done", { hasText: "Done every morning" }).count() === 1,
        "the client's comment is not shown");
      await screenshot(page, env, "notes-staff-tasks-after.png");
    });
}
