// Builds the front end: SCSS -> static/build/app.css, and copies GOV.UK Frontend's script and
// images (not its fonts: the service uses system fonts) into static/build/.
// Usage: node frontend/build.mjs [--css-only]   (or `npm run build`)

import { copyFile, cp, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const govuk = path.join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = path.join(root, "static", "build");
const cssOnly = process.argv.includes("--css-only");

async function buildCss() {
  const result = sass.compile(path.join(root, "frontend", "scss", "app.scss"), {
    loadPaths: [path.join(root, "node_modules")],
    style: "compressed",
    // Deprecation warnings from inside govuk-frontend are not ours to fix.
    quietDeps: true,
  });
  await writeFile(path.join(out, "app.css"), result.css + "\n");
  console.log(`static/build/app.css (${Math.round(result.css.length / 1024)} KiB)`);
}

async function copyAssets() {
  for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
    await copyFile(path.join(govuk, name), path.join(out, name));
  }
  await cp(path.join(govuk, "assets", "images"), path.join(out, "assets", "images"), {
    recursive: true,
  });
  await cp(path.join(root, "frontend", "images"), path.join(out, "images"), { recursive: true });
  console.log("static/build/govuk-frontend.min.js, assets/images/, images/");
}

if (!cssOnly) {
  await rm(out, { recursive: true, force: true });
}
await mkdir(out, { recursive: true });
await buildCss();
if (!cssOnly) {
  await copyAssets();
}
