const i18n = {
  en: { greet: name => `Hello ${name}`, bye: "Bye" },
  fr: { greet: name => `Bonjour ${name}` },
};
for (const lang of ["en", "fr", "de"]) {
  const t = i18n[lang];
  console.log(`${lang}: ${t?.greet?.("Ann") ?? "?"} / ${t?.bye ?? "(no bye)"} / ${i18n?.[lang]?.["greet"]?.length ?? -1}`);
}
const rows = [{ cells: [{ v: 1 }] }, { cells: [] }, null];
console.log(rows.map((r, i) => r?.cells?.[0]?.v ?? `empty${i}`).join(","));
const deep = { a: { b: { c: { d: "found" } } } };
const path = ["a", "b", "c", "d"];
console.log(path.reduce((o, k) => o?.[k], deep), ["a", "x", "c"].reduce((o, k) => o?.[k], deep));
