function render(template, data) {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path) => {
    const value = path.split(".").reduce((obj, key) => obj?.[key], data);
    return value ?? `[missing ${path}]`;
  });
}
const data = { user: { name: "Ann", stats: { posts: 0 } }, site: "WebX" };
console.log(render("Hi {{user.name}}, welcome to {{ site }}!", data));
console.log(render("Posts: {{user.stats.posts}}; karma: {{user.stats.karma}}", data));
console.log(render("{{nope.deeper}} {{site}}{{site}}", data));
const escapeHtml = s => String(s).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
console.log(escapeHtml(render("<b>{{user.name}}</b> & co", data)));
