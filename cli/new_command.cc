// `webx new NAME [--force]`: a ready project in NAME/ — config, a small
// htmx app (page, list, add form, delete buttons, JSON API, a model), its
// tests, .gitignore and a README. Passes `webx build` and `webx test` as
// written, and `webx run` serves it (docs/cli.md).
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "commands.h"

namespace webx::cli {

namespace {

namespace fs = std::filesystem;

struct NewOptions {
  std::string name;
  bool force = false;
};

// The version of htmx the project asks npm for; the page loads it from
// node_modules through a static route.
constexpr std::string_view kHtmxVersion = "2.0.11";

constexpr std::string_view kConfig = R"({
  "name": "{{name}}",
  "version": "0.1.0",
  "description": "A WebX app",
  "port": 8080,
  "src": "webx"
}
)";

constexpr std::string_view kApp = R"(// {{name}}: a list you can add to and delete from, as an htmx page and a
// JSON API. `webx run` serves it with hot reload; `webx test` runs the tests
// in app_test.webx.

global {
  const items = [];
  let nextId = 1;
}

// What a client may send to create an item, as a form or as JSON.
model NewItem {
  title: string[minLength(1), maxLength(200)],
}

handler findItem(id: int) { return items.find(item => item.id === id); }

handler itemRow(item) (
  <li id={"item-" + item.id}>
    <span>{item.title}</span>
    <button hx-delete={"/items/" + item.id} hx-target={"#item-" + item.id} hx-swap="outerHTML">Delete</button>
  </li>
)

get / (<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{name}}</title>
  <link rel="stylesheet" href="/public/app.css">
  <script src="/vendor/htmx.min.js"></script>
</head>
<body>
  <h1>{{name}}</h1>
  <form action="/items" method="post" hx-post="/items" hx-target="#items" hx-swap="beforeend">
    <input name="title" placeholder="Something to remember" required maxlength="200" autofocus>
    <button>Add</button>
  </form>
  <ul id="items">{items.map(itemRow)}</ul>
  <p><a href="/api/items">JSON</a></p>
</body>
</html>)

// htmx posts the form and appends the returned row; without JavaScript the
// browser posts it and is sent back to the page.
post /items NewItem {
  const item = { id: nextId++, title: body.title };
  items.push(item);
  if (!hx.request) return redirect("/", 303);
} -> itemRow(item)

// An empty answer: htmx swaps the row for nothing.
delete /items/(id: int) -> findItem(id):item {
  if (!item) return error(404, `no item ${id}`);
  items.splice(items.indexOf(item), 1);
  return "";
}

location api {
  get /items { return items; }

  get /items/(id: int) -> findItem(id):item {
    if (!item) return error(404, `no item ${id}`);
    return item;
  }

  post /items NewItem {
    const item = { id: nextId++, title: body.title };
    items.push(item);
    return json(item, 201);
  }
}

get /public/(file: path) -> static("public/" + file)
get /vendor/htmx.min.js -> static("node_modules/htmx.org/dist/htmx.min.js")
)";

constexpr std::string_view kTests = R"(// `webx test` runs these against the real server, with a fresh app per file.

test "the page lists what was added" {
  post /items form(title: "Buy milk") with { "HX-Request": "true" }
  expect status 200
  expect body matches /<li id="item-1">/
  get /
  expect status 200
  expect body contains "<span>Buy milk</span>"
}

test "without htmx the form redirects back to the page" {
  post /items form(title: "Call mum")
  expect status 303
  expect header "location" == "/"
}

test "the JSON API creates, reads and validates" {
  post /api/items json(title: "Write tests")
  expect status 201
  let id = json.id
  get `/api/items/${id}`
  expect json.title == "Write tests"
  get /api/items
  expect json contains { title: "Write tests" }
  post /api/items json(title: "")
  expect status 400
  expect body contains "title"
  get /api/items/999
  expect status 404
}

test "deleting removes the item" {
  post /api/items json(title: "Temporary")
  let id = json.id
  delete `/items/${id}`
  expect status 200
  get `/api/items/${id}`
  expect status 404
}
)";

constexpr std::string_view kCss = R"(body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
form { display: flex; gap: .5rem; }
input { flex: 1; padding: .4rem; }
li { display: flex; justify-content: space-between; padding: .3rem 0; }
)";

constexpr std::string_view kPackage = R"({
  "name": "{{name}}",
  "private": true,
  "description": "Front-end packages of {{name}}, served by its static routes",
  "dependencies": {
    "htmx.org": "{{htmx}}"
  }
}
)";

constexpr std::string_view kGitignore = R"(node_modules/
)";

constexpr std::string_view kReadme = R"(# {{name}}

A WebX app: an htmx page and a JSON API over one list.

```sh
npm install          # htmx, served by the app from node_modules
webx run             # http://127.0.0.1:8080, reloads when you save a .webx file
webx test            # the tests in webx/app_test.webx
```

- `webx.config.json` — name, port, source folder and limits.
- `webx/app.webx` — the routes, the template and the model.
- `webx/app_test.webx` — the tests.
- `public/` — static files, served at `/public/...`.
)";

struct File {
  std::string_view path;
  std::string_view text;
};

constexpr File kFiles[] = {
    {"webx.config.json", kConfig}, {"webx/app.webx", kApp},       {"webx/app_test.webx", kTests},
    {"public/app.css", kCss},      {"package.json", kPackage},    {".gitignore", kGitignore},
    {"README.md", kReadme},
};

std::string fill(std::string_view text, const std::string& name) {
  std::string out(text);
  for (auto [key, value] : {std::pair<std::string_view, std::string_view>{"{{name}}", name},
                            std::pair<std::string_view, std::string_view>{"{{htmx}}", kHtmxVersion}}) {
    for (size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size())) {
      out.replace(at, key.size(), value);
    }
  }
  return out;
}

// Why `name` cannot be a project folder, or "".
std::string invalid_name(const std::string& name) {
  if (name.empty()) return "the name is empty";
  if (name == "." || name == "..") return "it names an existing folder, not a new one";
  if (name.size() > 100) return "it is longer than 100 characters";
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) {
      if (c == '/') return "it has a '/': give a folder name, and run `webx new` where the folder should be";
      if (static_cast<unsigned char>(c) >= 0x80) return "it has characters outside ASCII";
      return c < 0x20 ? "it has a control character" : fmt::format("it has the character '{}'", c);
    }
  }
  if (name[0] == '-' || name[0] == '.') return "it starts with '-' or '.'";
  return "";
}

int run_new(const NewOptions& options) {
  if (std::string why = invalid_name(options.name); !why.empty()) {
    std::cerr << fmt::format("webx: error: '{}' is not a valid project name: {}\n", options.name, why);
    std::cerr << "hint: use letters, digits, '-', '_' and '.', e.g. `webx new my-app`\n";
    return 1;
  }
  const fs::path root = options.name;
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_directory(root, ec)) {
    std::cerr << fmt::format("webx: error: {} exists and is not a folder\n", options.name);
    return 1;
  }
  if (!options.force) {
    for (const File& f : kFiles) {
      if (fs::exists(root / f.path, ec)) {
        std::cerr << fmt::format("webx: error: {} already exists\n", (root / f.path).string());
        std::cerr << "hint: `webx new --force` overwrites the files it creates (and no others)\n";
        return 1;
      }
    }
  }
  for (const File& f : kFiles) {
    const fs::path path = root / f.path;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << fill(f.text, options.name);
    out.close();
    if (!out) {
      std::cerr << fmt::format("webx: error: cannot write {}: {}\n", path.string(), std::strerror(errno));
      return 1;
    }
  }
  std::cout << fmt::format("created {}/\n", options.name);
  for (const File& f : kFiles) std::cout << "  " << f.path << '\n';
  std::cout << fmt::format("\nnext:\n  cd {}\n  npm install    # htmx\n  webx run       # http://127.0.0.1:8080\n"
                           "  webx test\n",
                           options.name);
  return 0;
}

}  // namespace

Run setup_new(CLI::App& sub) {
  auto options = std::make_shared<NewOptions>();
  sub.add_option("name", options->name, "Folder to create the project in (also its name)")->required();
  sub.add_flag("--force", options->force, "Overwrite the files webx new creates if they exist");
  return [options] { return run_new(*options); };
}

}  // namespace webx::cli
