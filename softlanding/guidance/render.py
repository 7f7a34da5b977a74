"""A tiny, safe renderer for library pages: headings, paragraphs and lists.

Every piece of text is HTML-escaped before any markup is added, so a content
file can never inject HTML. Citation keys like ``[bird2011]`` become links to
the references page; ``[[slug]]`` becomes a link to another library page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from softlanding.guidance.content import CITATION, PAGE_LINK

REFERENCES_URL = "/understand/references/"
PAGE_URL = "/understand/library/{slug}/"


def _cite_label(ref: Mapping[str, Any]) -> str:
    first_author = re.split(r"[,&]| and ", ref["authors"])[0].strip()
    return f"{first_author} {ref['year']}"


def _inline(text: str, titles: Mapping[str, str], references: Mapping[str, Mapping[str, Any]]) -> str:
    html = escape(text, quote=True)

    def page(match: re.Match[str]) -> str:
        slug = match.group(1)
        return f'(see <a href="{PAGE_URL.format(slug=slug)}">{escape(titles[slug])}</a>)'

    def cite(match: re.Match[str]) -> str:
        key = match.group(1)
        label = escape(_cite_label(references[key]))
        return f'<a class="cite" href="{REFERENCES_URL}#ref-{key}">[{label}]</a>'

    # Page links first: their double brackets would otherwise look like citations.
    html = PAGE_LINK.sub(page, html)
    return CITATION.sub(cite, html)


def render(body: str, titles: Mapping[str, str], references: Mapping[str, Mapping[str, Any]]) -> str:
    """Turn a page body into HTML. Headings start with ``## ``, list items with ``- ``."""
    out: list[str] = []
    items: list[str] = []
    inline: Callable[[str], str] = lambda t: _inline(t, titles, references)  # noqa: E731

    def close_list() -> None:
        if items:
            out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    for block in body.split("\n"):
        line = block.strip()
        if line.startswith("- "):
            items.append(inline(line[2:]))
            continue
        close_list()
        if not line:
            continue
        if line.startswith("## "):
            out.append(f"<h2>{inline(line[3:])}</h2>")
        else:
            out.append(f"<p>{inline(line)}</p>")
    close_list()
    return "\n".join(out)


def prose(body: str) -> str:
    """The words a reader reads, for measuring reading level: no keys, no markup.

    Headings and list items end a sentence, as a reader takes them.
    """
    text = PAGE_LINK.sub("", CITATION.sub("", body))
    lines = []
    for raw in text.splitlines():
        line = raw.strip().removeprefix("## ").removeprefix("- ").strip()
        if line:
            lines.append(line if line[-1] in ".!?:" else line + ".")
    return "\n".join(lines)
