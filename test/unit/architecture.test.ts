import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// ARCHITECTURE.md's table "Folders and what may import what" is the rule; this checks every import
// in src/ against it, so the map and the code cannot drift apart.

const root = path.resolve(import.meta.dirname, "../..");
const src = path.join(root, "src");
const ROOT_FILES = new Set(["errors", "config"]);
/**
 * pki's development material (the dev PKI and TSA, issuing certificates and CRLs) has a door of its
 * own, `pki/dev/index.ts`, that only these development modules use: production imports never reach it.
 */
const DEV_DOOR = path.join(src, "pki", "dev", "index.js");
const DEV_MODULES = new Set(["cli.ts", "devTsaFiles.ts", "esign/devEsp.ts", "esign/devEspPki.ts"].map((f) => path.join(src, f)));

/** folder -> what it may import, read from ARCHITECTURE.md. */
function allowedArrows(): Map<string, Set<string>> {
  const text = fs.readFileSync(path.join(root, "ARCHITECTURE.md"), "utf8");
  const section = text.split("## Folders and what may import what")[1]?.split("\n## ")[0] ?? "";
  const rules = new Map<string, Set<string>>();
  for (const line of section.split("\n")) {
    const m = /^\| `([a-z]+)` \|[^|]*\| ([^|]*) \|$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) rules.set(m[1], new Set(m[2].split(",").map((s) => s.trim()).filter(Boolean)));
  }
  return rules;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Relative module specifiers a file imports or re-exports, statically or dynamically. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1] as string);
}

/** The top folder of src/ a path lies in, or the root file's name ("errors") for files directly in src/. */
function ownerOf(abs: string): string {
  const rel = path.relative(src, abs).split(path.sep);
  return rel.length === 1 ? (rel[0] as string).replace(/\.(ts|js)$/, "") : (rel[0] as string);
}

describe("the import graph matches ARCHITECTURE.md", () => {
  const rules = allowedArrows();
  const folders = fs.readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

  it("lists every folder of src/", () => {
    expect(rules.size).toBeGreaterThan(5);
    expect(folders.filter((f) => !rules.has(f))).toEqual([]);
    expect([...rules.keys()].filter((f) => !folders.includes(f))).toEqual([]);
  });

  it("has no arrow the table does not allow, and enters other folders only through their index.ts", () => {
    const wrong: string[] = [];
    for (const file of sourceFiles(src)) {
      const from = ownerOf(file);
      if (!rules.has(from)) continue; // root files (cli, main, ...) may import any folder's door
      for (const spec of importsOf(file)) {
        const target = path.resolve(path.dirname(file), spec);
        const to = ownerOf(target);
        if (to === from) continue;
        const where = `${path.relative(root, file)} imports ${spec}`;
        if (!(rules.get(from)?.has(to) ?? false)) wrong.push(`${where}: ${from} -> ${to} is not in ARCHITECTURE.md`);
        else if (!ROOT_FILES.has(to) && path.relative(path.join(src, to), target) !== "index.js" && !(target === DEV_DOOR && DEV_MODULES.has(file))) wrong.push(`${where}: enter ${to}/ through its index.ts`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps pki's development material behind its own door, for development modules only", () => {
    const wrong: string[] = [];
    for (const file of sourceFiles(src)) {
      for (const spec of importsOf(file)) {
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(path.join(src, "pki", "dev") + path.sep)) continue;
        // Inside pki, only the door production uses (pki/index.ts) must not lead there.
        if (ownerOf(file) === "pki" && file !== path.join(src, "pki", "index.ts")) continue;
        if (target !== DEV_DOOR || !DEV_MODULES.has(file)) wrong.push(`${path.relative(root, file)} imports ${spec}: only ${[...DEV_MODULES].map((f) => path.relative(src, f)).join(", ")} use pki/dev/index.ts`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("has no cycle between folders", () => {
    const seen = new Set<string>();
    const path_: string[] = [];
    const cycles: string[] = [];
    const visit = (f: string): void => {
      if (path_.includes(f)) {
        cycles.push([...path_.slice(path_.indexOf(f)), f].join(" -> "));
        return;
      }
      if (seen.has(f)) return;
      seen.add(f);
      path_.push(f);
      for (const to of rules.get(f) ?? []) if (rules.has(to)) visit(to);
      path_.pop();
    };
    for (const f of rules.keys()) visit(f);
    expect(cycles).toEqual([]);
  });
});
