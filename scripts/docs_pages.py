"""The Markdown pages of the documentation site (scripts/docs.sh): the index, the three
guides, SPEC.md and the changelog, as HTML pages that link to each other and to the API
references."""

import html
import pathlib
import sys

import markdown

ROOT = pathlib.Path(__file__).resolve().parents[1]
STYLE = """body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}
pre{background:#f4f4f4;padding:.75rem;overflow:auto}code{font-size:.92em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}
nav a{margin-right:1rem}"""

INDEX = """# goldthread

Goal-linked public budgeting: trace every budget line to the goals it serves, exactly — in
Rust, Python, JavaScript and from the command line.

## Guides

- [For a budget office: the command line](guides/budget-office.html)
- [For an analyst in a notebook: Python](guides/analyst.html)
- [For a web developer: JavaScript and WebAssembly](guides/web-developer.html)

## Reference

- [The specification](spec.html): the plan file, attribution, every metric, diagnostics,
  the report, diffs, scenarios, IATI, Arrow and Parquet tables
- [Rust API](rust/goldthread/index.html)
- [Python API](python/goldthread.html) ([goldthread.dask](python/goldthread/dask.html))
- [JavaScript API](js/index.html)
- [Changelog](changelog.html)
"""


def page(title: str, body_md: str, depth: int) -> str:
    up = "../" * depth
    body = markdown.markdown(body_md, extensions=["fenced_code", "tables"])
    # Links between the Markdown sources become links between the pages.
    body = body.replace('href="SPEC.md', f'href="{up}spec.html').replace('href="CHANGELOG.md', f'href="{up}changelog.html')
    nav = (f'<nav><a href="{up}index.html">goldthread</a><a href="{up}spec.html">Spec</a>'
           f'<a href="{up}rust/goldthread/index.html">Rust</a><a href="{up}python/goldthread.html">Python</a>'
           f'<a href="{up}js/index.html">JavaScript</a></nav>')
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style>{nav}{body}</html>\n")


def main(site: str) -> None:
    out = pathlib.Path(site)
    pages = [("index.html", "goldthread", INDEX, 0),
             ("spec.html", "goldthread: the specification", (ROOT / "SPEC.md").read_text(encoding="utf-8"), 0),
             ("changelog.html", "goldthread: changelog", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), 0)]
    for guide in sorted((ROOT / "docs/guides").glob("*.md")):
        text = guide.read_text(encoding="utf-8")
        pages.append((f"guides/{guide.stem}.html", text.splitlines()[0].lstrip("# "), text, 1))
    for name, title, text, depth in pages:
        (out / name).write_text(page(title, text, depth), encoding="utf-8")


def check(site: str) -> None:
    """Every relative link of the site's own pages leads to a file."""
    import re

    root = pathlib.Path(site)
    broken = [(str(p.relative_to(root)), href)
              for p in [*root.glob("*.html"), *root.glob("guides/*.html")]
              for href in re.findall(r'href="([^"#:]+)"', p.read_text(encoding="utf-8"))
              if not (p.parent / href).exists()]
    if broken:
        sys.exit(f"docs: broken links {broken}")


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        main(sys.argv[1])
