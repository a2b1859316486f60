// directory.mjs: the client list as a practice uses it. Signed in as the
// admin, adds four clients with the keyboard (one surname of this run's own,
// one first name with an accent), then searches, ticks two rows and
// deactivates them, ticks every row with the page's select-all box, and
// deletes two clients through the confirmation page (a wrong word first).
// Screenshots: directory-search.png, directory-selected.png,
// directory-deactivated.png, directory-delete-confirm.png,
// directory-delete-error.png, directory-phone.png, profile.png and
// profile-phone.png.

import {
  DESKTOP, PHONE, assert, assertControlsLabelled, assertNoSidewaysScroll, flashTexts,
  navigating, open, pathOf, randomLetters, screenshot, signIn, text,
} from "./lib.mjs";

export const name = "directory";

export async function run(t) {
  const env = t.env;
  const page = await t.newPage();

  // This run's clients: a surname no other run has, and e-mail addresses
  // that hold neither the names nor "zoe" (so that finding Zoë by "zoe" is
  // the accent-insensitive name match, not the address).
  const suffix = randomLetters(8);
  const surname = "Fenwick" + suffix;
  const clients = ["Ada", "Bram", "Cleo", "Zoë"].map((first, i) => ({
    first,
    name: first + " " + surname,
    email: `dir-${suffix}-${i + 1}@test.invalid`,
    phone: first === "Zoë" ? "+44 20 7946 0958" : "",
    id: 0,
  }));
  const [ada, bram, cleo, zoe] = clients;
  const listPath = "/clients?q=" + encodeURIComponent(surname);

  // The rows of the list page on screen: [{id, name, status}] in order.
  async function rows(p = page) {
    return p.locator("main table.clients-table tbody tr").evaluateAll((trs) => trs.map((tr) => {
      const box = tr.querySelector('input[name="ids"]');
      const link = tr.querySelector("th.client-name a");
      const badge = tr.querySelector(".badge");
      return {
        id: box ? Number(box.value) : 0,
        name: link ? link.textContent.trim() : "",
        status: badge ? badge.textContent.trim() : "",
        badge: badge ? badge.className : "",
      };
    }));
  }

  function names(list) {
    return list.map((r) => r.name).sort();
  }

  function rowBox(client) {
    return page.getByRole("checkbox", { name: "Select " + client.name, exact: true });
  }

  async function searchFor(words) {
    const box = page.getByRole("searchbox", { name: "Search" });
    await box.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type(words);
    const response = await navigating(page, () => page.keyboard.press("Enter"));
    assert(response.status() === 200, "the search answered " + response.status());
  }

  async function chooseAction(label) {
    await page.getByLabel("With the selected clients").selectOption({ label });
    return navigating(page, () => page.getByRole("button", { name: "Apply", exact: true }).click());
  }

  await t.check("sign in as the admin", [], async () => {
    await signIn(page, env);
  });

  await t.check("add clients with the keyboard", ["sign in as the admin"], async () => {
    for (const client of clients) {
      const response = await open(page, env, "/clients/new");
      assert(response.status() === 200, "GET /clients/new answered " + response.status());
      await page.getByLabel("First name").focus();
      const steps = [["first_name", client.first], ["last_name", surname],
        ["email", client.email], ["phone", client.phone]];
      for (const [i, [field, value]] of steps.entries()) {
        if (i > 0) await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => document.activeElement.id);
        assert(focused === field, "Tab reaches #" + focused + ", not #" + field);
        await page.keyboard.type(value);
      }
      await navigating(page, () => page.keyboard.press("Enter"));
      const m = /^\/clients\/(\d+)$/.exec(pathOf(page));
      assert(m, "adding " + client.name + " leads to " + page.url() + ": " +
        (await text(page.locator("main"))).slice(0, 300));
      client.id = Number(m[1]);
      const heading = await text(page.locator("main h1"));
      assert(heading === client.name, "the new profile is headed " + JSON.stringify(heading));
    }
  });

  await t.check("search by typing and pressing Enter", ["add clients with the keyboard"], async () => {
    await open(page, env, "/clients");
    await searchFor(surname);
    const u = new URL(page.url());
    assert(u.pathname === "/clients" && u.searchParams.get("q") === surname,
      "the search is not in the address: " + page.url());
    const found = await rows();
    assert(JSON.stringify(names(found)) === JSON.stringify(names(clients)),
      "the search lists " + JSON.stringify(names(found)));
    assert(await page.getByRole("searchbox", { name: "Search" }).inputValue() === surname,
      "the search box does not keep the search");
    const caption = await text(page.locator("main table.clients-table caption"));
    assert(/ of 4\b/.test(caption), "the caption says " + JSON.stringify(caption));
    await screenshot(page, env, "directory-search.png");
  });

  await t.check("search ignores accents", ["add clients with the keyboard"], async () => {
    await open(page, env, listPath);
    await searchFor("zoe " + surname.toLowerCase());
    const found = await rows();
    assert(JSON.stringify(names(found)) === JSON.stringify([zoe.name]),
      "\"zoe " + surname.toLowerCase() + "\" lists " + JSON.stringify(names(found)));
  });

  await t.check("the list fits a phone", ["add clients with the keyboard"], async () => {
    await page.setViewportSize(PHONE);
    try {
      await open(page, env, listPath);
      assert((await rows()).length === 4, "the list does not show the four clients");
      await assertNoSidewaysScroll(page);
      // The table may be wider than the screen, but only inside its own
      // scrolling region; the page around it keeps to the window.
      const widths = await page.evaluate(() => {
        const region = document.querySelector("main .table-scroll");
        const panel = region.closest("section");
        const box = region.getBoundingClientRect();
        return {
          window: document.documentElement.clientWidth,
          panel: panel.scrollWidth, panelClient: panel.clientWidth,
          regionRight: box.right,
          regionOverflow: getComputedStyle(region).overflowX,
        };
      });
      assert(widths.panel <= widths.panelClient + 1,
        `the list's section is ${widths.panel}px wide in ${widths.panelClient}px`);
      assert(widths.regionRight <= widths.window + 1,
        `the table's region ends at ${widths.regionRight}px in a ${widths.window}px window`);
      assert(["auto", "scroll"].includes(widths.regionOverflow),
        "the table's region does not scroll: overflow-x " + widths.regionOverflow);
      await assertControlsLabelled(page);
      await screenshot(page, env, "directory-phone.png");
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  await t.check("profile screenshots", ["add clients with the keyboard"], async () => {
    const response = await open(page, env, "/clients/" + zoe.id);
    assert(response.status() === 200, "the profile answered " + response.status());
    const heading = await text(page.locator("main h1"));
    assert(heading === zoe.name, "the profile is headed " + JSON.stringify(heading));
    const phone = await text(page.locator("main .profile-facts a[href^='tel:']"));
    assert(phone.replace(/\D/g, "") === "442079460958", "the phone is shown as " + phone);
    await screenshot(page, env, "profile.png");
    await page.setViewportSize(PHONE);
    try {
      await assertNoSidewaysScroll(page);
      await screenshot(page, env, "profile-phone.png");
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  await t.check("tick two rows", ["search by typing and pressing Enter"], async () => {
    await open(page, env, listPath);
    await rowBox(ada).click();
    await rowBox(bram).click();
    const ticked = await page.locator('main input[name="ids"]:checked')
      .evaluateAll((boxes) => boxes.map((b) => Number(b.value)).sort((x, y) => x - y));
    assert(JSON.stringify(ticked) === JSON.stringify([ada.id, bram.id].sort((x, y) => x - y)),
      "the ticked rows are " + JSON.stringify(ticked));
    await screenshot(page, env, "directory-selected.png");
  });

  await t.check("bulk deactivate two clients", ["tick two rows"], async () => {
    await chooseAction("Deactivate");
    const u = new URL(page.url());
    assert(u.pathname === "/clients" && u.searchParams.get("q") === surname,
      "after Apply the page is " + page.url());
    const flash = await flashTexts(page);
    assert(flash.includes("2 clients deactivated."), "the flash says " + JSON.stringify(flash));
    const byId = new Map((await rows()).map((r) => [r.id, r]));
    for (const client of [ada, bram]) {
      const row = byId.get(client.id);
      assert(row && row.status === "Inactive" && /\bbadge-inactive\b/.test(row.badge),
        client.name + " shows " + JSON.stringify(row));
    }
    for (const client of [cleo, zoe]) {
      const row = byId.get(client.id);
      assert(row && row.status === "Pending" && /\bbadge-pending\b/.test(row.badge),
        client.name + " was changed: " + JSON.stringify(row));
    }
    await screenshot(page, env, "directory-deactivated.png");
  });

  await t.check("select-all ticks every row on the page", ["search by typing and pressing Enter"], async () => {
    await open(page, env, listPath);
    const all = page.getByRole("checkbox", { name: "Select all on this page" });
    assert(await all.isVisible(), "the select-all box is not shown");
    const state = () => page.evaluate(() => {
      const boxes = Array.from(document.querySelectorAll('main input[name="ids"]'));
      const all = document.getElementById("select-page");
      return { rows: boxes.length, ticked: boxes.filter((b) => b.checked).length,
        all: all.checked, partly: all.indeterminate };
    });
    await all.click();
    let s = await state();
    assert(s.rows === 4 && s.ticked === 4 && s.all, "after ticking select-all: " + JSON.stringify(s));
    await all.click();
    s = await state();
    assert(s.ticked === 0 && !s.all, "after clearing select-all: " + JSON.stringify(s));
    await rowBox(cleo).click();
    s = await state();
    assert(s.ticked === 1 && !s.all && s.partly,
      "one row ticked does not make select-all partly ticked: " + JSON.stringify(s));
  });

  await t.check("bulk delete asks for confirmation", ["search by typing and pressing Enter"], async () => {
    await open(page, env, listPath);
    await rowBox(ada).click();
    await rowBox(cleo).click();
    const response = await chooseAction("Delete…");
    assert(response.status() === 200, "the confirmation page answered " + response.status());
    const heading = await text(page.locator("main h1"));
    assert(heading === "Delete 2 clients?", "the page is headed " + JSON.stringify(heading));
    const listed = (await page.locator("main ul.delete-list li").allInnerTexts())
      .map((s) => s.trim()).sort();
    assert(JSON.stringify(listed) === JSON.stringify([ada.name, cleo.name].sort()),
      "the page lists " + JSON.stringify(listed));
    const main = await text(page.locator("main"));
    assert(/This is permanent\./.test(main), "the page does not say the deletion is permanent");
    const confirm = page.getByLabel("Type DELETE to confirm", { exact: true });
    assert(await confirm.count() === 1, "no \"Type DELETE to confirm\" field");
    assert(await confirm.inputValue() === "", "the confirmation field is filled in already");
    assert(await page.getByRole("button", { name: "Delete permanently" }).count() === 1,
      "no Delete permanently button");
    await assertControlsLabelled(page);
    await screenshot(page, env, "directory-delete-confirm.png");
  });

  await t.check("a wrong word deletes nothing", ["bulk delete asks for confirmation"], async () => {
    const confirm = page.getByLabel("Type DELETE to confirm", { exact: true });
    await confirm.click();
    await page.keyboard.type("delete");
    t.allow("/clients/bulk", 422);
    const response = await navigating(page, () => page.keyboard.press("Enter"));
    assert(response.status() === 422, "a wrong word answered " + response.status());
    const error = page.locator("main #confirm-error");
    assert(await error.count() === 1, "no error next to the field");
    const message = await text(error);
    assert(/DELETE/.test(message), "the error says " + JSON.stringify(message));
    const field = await page.evaluate(() => {
      const input = document.getElementById("confirm");
      const error = document.getElementById("confirm-error");
      return {
        sameField: Boolean(error && input && error.closest(".field") === input.closest(".field")),
        invalid: input.getAttribute("aria-invalid"),
        describedBy: input.getAttribute("aria-describedby") || "",
      };
    });
    assert(field.sameField, "the error is not in the field's box");
    assert(field.invalid === "true", "the field is not marked aria-invalid");
    assert(field.describedBy.split(/\s+/).includes("confirm-error"),
      "the field is not described by its error");
    const listed = (await page.locator("main ul.delete-list li").allInnerTexts())
      .map((s) => s.trim()).sort();
    assert(JSON.stringify(listed) === JSON.stringify([ada.name, cleo.name].sort()),
      "the page with the error lists " + JSON.stringify(listed));
    await screenshot(page, env, "directory-delete-error.png");
    // Nothing was deleted: the list, in another tab, still holds all four.
    const other = await t.newPage();
    try {
      await open(other, env, listPath);
      const found = await rows(other);
      assert(JSON.stringify(names(found)) === JSON.stringify(names(clients)),
        "after a wrong word the list holds " + JSON.stringify(names(found)));
    } finally {
      await other.close();
    }
  });

  await t.check("typing DELETE deletes them", ["a wrong word deletes nothing"], async () => {
    const confirm = page.getByLabel("Type DELETE to confirm", { exact: true });
    await confirm.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("DELETE");
    await navigating(page, () => page.keyboard.press("Enter"));
    assert(pathOf(page) === "/clients", "after deleting the page is " + page.url());
    const flash = await flashTexts(page);
    assert(flash.includes("2 clients deleted."), "the flash says " + JSON.stringify(flash));
    await open(page, env, listPath);
    const found = await rows();
    assert(JSON.stringify(names(found)) === JSON.stringify([bram.name, zoe.name].sort()),
      "after deleting the list holds " + JSON.stringify(names(found)));
    for (const client of [ada, cleo]) {
      t.allow("/clients/" + client.id, 404);
      const response = await open(page, env, "/clients/" + client.id);
      assert(response.status() === 404,
        "the profile of deleted " + client.name + " answered " + response.status());
    }
  });
}
