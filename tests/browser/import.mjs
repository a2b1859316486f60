// import.mjs: importing clients from a CSV file as an administrator does it.
// Uploads a small file whose "Referral source" column maps to nothing by
// itself, changes that one choice to Tags, checks the file (the preview),
// imports it, watches the progress page turn into the result, and looks up
// one imported client in the directory with the tag the changed column gave.
// Screenshots: import-mapping.png, import-preview.png, import-result.png.

import {
  assert, assertControlsLabelled, assertNoSidewaysScroll, navigating, open, pathOf,
  randomLetters, screenshot, signIn, text,
} from "./lib.mjs";

export const name = "import";

export async function run(t) {
  const env = t.env;
  const page = await t.newPage();
  const suffix = randomLetters(8);
  const surname = "Imported" + suffix;
  const tag = "Source " + suffix;
  const file = [
    "Given Name,Family Name,E-mail Address,Mobile Phone,Referral source",
    `Ada,${surname},ada-${suffix}@test.invalid,+44 20 7946 0958,${tag}`,
    `Bram,${surname},bram-${suffix}@test.invalid,,${tag}`,
    `Cleo,${surname},not-an-address,,${tag}`,
    `Dara,${surname},dara-${suffix}@test.invalid,+1 212 555 0147,`,
  ].join("\r\n") + "\r\n";

  await t.check("sign in as the admin", [], async () => {
    await signIn(page, env);
  });

  await t.check("upload a CSV file", ["sign in as the admin"], async () => {
    await open(page, env, "/clients");
    await navigating(page, () => page.getByRole("link", { name: "Import CSV" }).click());
    assert(pathOf(page) === "/clients/import", "the Import CSV button leads to " + page.url());
    await page.locator("#file").setInputFiles({
      name: "clients-" + suffix + ".csv", mimeType: "text/csv", buffer: Buffer.from(file),
    });
    await navigating(page, () =>
      page.getByRole("button", { name: "Upload and choose columns" }).click());
    assert(/^\/clients\/import\/\d+$/.test(pathOf(page)),
      "the upload leads to " + page.url() + ": " + (await text(page.locator("main"))).slice(0, 300));
  });

  await t.check("the columns are guessed, and one is changed", ["upload a CSV file"], async () => {
    const first = page.getByLabel("First name", { exact: true });
    assert(await first.locator("option:checked").innerText() === "Given Name (column 1)",
      "First name is not mapped to Given Name");
    assert(await page.getByLabel("Email", { exact: true }).locator("option:checked").innerText() ===
      "E-mail Address (column 3)", "Email is not mapped to E-mail Address");
    const tags = page.getByLabel("Tags", { exact: true });
    assert(await tags.inputValue() === "0", "Tags is mapped before anyone chose it");
    await tags.selectOption({ label: "Referral source (column 5)" });
    await assertControlsLabelled(page);
    await screenshot(page, env, "import-mapping.png");
    await navigating(page, () => page.getByRole("button", { name: "Check the file" }).click());
    assert(/\/preview$/.test(pathOf(page)), "checking leads to " + page.url());
  });

  await t.check("the preview counts the rows and names the problem",
    ["the columns are guessed, and one is changed"], async () => {
      assert(await text(page.locator("#count-new")) === "3", "new clients: " +
        await text(page.locator("#count-new")));
      assert(await text(page.locator("#count-failed")) === "1", "rows with problems: " +
        await text(page.locator("#count-failed")));
      const problems = await text(page.locator("main table.problems-table"));
      assert(problems.includes("Enter an email address like name@example.org"),
        "the problem of row 4 is not shown: " + problems);
      const rows = await text(page.locator("main table.preview-table"));
      assert(rows.includes(tag), "the preview does not show the tag from the changed column");
      await assertNoSidewaysScroll(page);
      await screenshot(page, env, "import-preview.png");
    });

  await t.check("import, and the result arrives", ["the preview counts the rows and names the problem"],
    async () => {
      await navigating(page, () => page.getByRole("button", { name: "Import 3 new clients" }).click());
      // the progress page reloads itself until the job has finished
      await page.locator("main h1", { hasText: "Import finished" }).waitFor({ timeout: 60000 });
      assert(await text(page.locator("#count-created")) === "3", "created: " +
        await text(page.locator("#count-created")));
      assert(await text(page.locator("#count-failed")) === "1", "failed: " +
        await text(page.locator("#count-failed")));
      const report = page.getByRole("link", { name: /Download the 1 row not imported/ });
      assert(await report.count() === 1, "no link to the row not imported");
      await screenshot(page, env, "import-result.png");
    });

  await t.check("the imported clients are in the directory with their tag",
    ["import, and the result arrives"], async () => {
      await open(page, env, "/clients?q=" + encodeURIComponent(surname));
      const names = await page.locator("main table.clients-table th.client-name a").allInnerTexts();
      assert(JSON.stringify(names.map((s) => s.trim()).sort()) ===
        JSON.stringify(["Ada " + surname, "Bram " + surname, "Dara " + surname]),
        "the directory lists " + JSON.stringify(names));
      const table = await text(page.locator("main table.clients-table"));
      assert(table.includes(tag), "the tag from the changed column is not shown");
      assert(table.includes("Pending"), "imported clients are not Pending");
    });
}
