#!/usr/bin/env python3
"""Generates a WebX project for the compile benchmark.

usage: gen_project.py OUT_DIR [--routes 200] [--lines 10000]

The project has `routes` routes spread over modules that include a shared
module, with models, JSX handlers and JavaScript bodies of realistic shape,
padded with handler code until it reaches about `lines` lines.
"""
import argparse
import os

MODULE_ROUTES = 20


def shared_module():
    return """// Shared models and layout.
model Item {
  id: int,
  title: string[minLength(1), maxLength(200)],
  done: boolean,
  tags: string[],
  note?: string,
}

handler layout(title: string, content: any) (<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"><title>{title}</title></head>
  <body><main>{content}</main></body>
</html>)

handler requireUser(token?: string) {
  if (!token) return error(401, "sign in first");
  return { id: 1, name: "admin" };
}
"""


def route_block(m, i):
    return f"""
handler row{m}_{i}(item: Item) (
  <li id={{`item-${{item.id}}`}} class={{item.done ? "done" : ""}}>
    <span>{{item.title}}</span>
    {{item.tags.map(t => <em>{{t}}</em>)}}
    <button hx-delete={{`/m{m}/items/${{item.id}}`}} hx-target="closest li">Delete</button>
  </li>
)

location m{m}/r{i} {{
  get /(id: int) -> requireUser(req.headers["x-token"]):user {{
    const found = items{m}.find(x => x.id === id);
    if (!found) return error(404, `no item ${{id}}`);
    const {{ title, tags = [] }} = found;
    return {{ ...found, owner: user?.name ?? "nobody", size: title.length + tags.length }};
  }}

  post / json(title: string, tags: string[]) {{
    const item = {{ id: next{m}++, title, done: false, tags }};
    items{m}.push(item);
  }} -> row{m}_{i}(item)
}}
"""


def padding_handler(m, k):
    return f"""
handler helper{m}_{k}(list: any, limit?: int) {{
  let total = 0;
  for (const [index, value] of list.entries()) {{
    if (index >= (limit ?? 10)) break;
    total += typeof value === "number" ? value ** 2 : String(value).length;
  }}
  const summary = list.filter(Boolean).map((v, i) => `${{i}}:${{v}}`).join(", ");
  return {{ total, summary, when: new Date().toISOString() }};
}}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--routes", type=int, default=200)
    ap.add_argument("--lines", type=int, default=10000)
    args = ap.parse_args()

    src = os.path.join(args.out, "webx")
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(args.out, "webx.config.json"), "w") as f:
        f.write('{"name": "bench", "src": "webx"}\n')
    with open(os.path.join(src, "shared.webx"), "w") as f:
        f.write(shared_module())

    modules = []
    routes = 0
    m = 0
    while routes < args.routes:
        text = f'include "shared.webx"\n\nglobal {{\n  const items{m} = [];\n  let next{m} = 1;\n}}\n'
        for i in range(MODULE_ROUTES // 2):
            if routes >= args.routes:
                break
            text += route_block(m, i)
            routes += 2
        modules.append(text)
        m += 1

    total = lambda: sum(t.count("\n") for t in modules) + shared_module().count("\n")
    k = 0
    while total() < args.lines:
        modules[k % len(modules)] += padding_handler(k % len(modules), k)
        k += 1

    for idx, text in enumerate(modules):
        with open(os.path.join(src, f"module{idx:02d}.webx"), "w") as f:
            f.write(text)
    print(f"{routes} routes, {total()} lines in {len(modules) + 1} files")


if __name__ == "__main__":
    main()
