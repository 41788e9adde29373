"""The privacy statement, rendered from the register: Markdown for sites, standalone HTML, and PDF."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from waarborg.core.errors import InputError
from waarborg.register.render import confirm
from waarborg.register.render.statement import StatementView, build_statement
from waarborg.register.render.words import unresolved
from waarborg.register.schema import Register

Format = Literal["md", "html", "pdf"]


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("waarborg.register.render", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    return env


def render_html(view: StatementView, embedded: bool = False) -> str:
    """The statement as a page of its own, or (``embedded``) as the content of a page of the site."""
    template = "statement_body.html.j2" if embedded else "statement.html.j2"
    return _published(
        confirm.finish(_environment().get_template(template).render(s=view, embedded=embedded), "html", view.lang)
    )


def render_markdown(view: StatementView) -> str:
    text = _environment().get_template("statement.md.j2").render(s=view)
    return _published(confirm.finish(_tidy_markdown(text), "md", view.lang))


def _published(text: str) -> str:
    """Refuse to publish a placeholder no tone fills ('{naam}'): the register text needs fixing (WB091)."""
    left = unresolved(text)
    if left:
        raise InputError(f"the statement would publish the placeholder(s) {', '.join(sorted(set(left)))}: fix the text")
    return text


def _tidy_markdown(text: str) -> str:
    """Blank lines around headings, before lists and tables: what Markdown renderers need."""
    out: list[str] = []
    for line in text.splitlines():
        previous = out[-1] if out else ""
        starts_block = line.startswith(("#", "- ", "| ")) and not previous.startswith(line[:2])
        if previous and (starts_block or previous.startswith("#") or _ends_block(previous, line)):
            out.append("")
        out.append(line.rstrip() if not line.endswith("  ") else line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _ends_block(previous: str, line: str) -> bool:
    return bool(line) and previous.startswith(("- ", "| ")) and not line.startswith(previous[:2])


def render_pdf(view: StatementView) -> bytes:
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango and takes a second to start

    pdf: bytes = HTML(string=render_html(view)).write_pdf()
    return pdf


def render_statement(
    register: Register, lang: str, fmt: Format, tone: str | None = None, draft: bool = False
) -> str | bytes:
    """The privacy statement in ``lang`` ('nl' or 'en') as Markdown, HTML or PDF bytes.

    Inferred values are left out; with ``draft`` they are shown, marked 'to confirm' (see ``confirm``).
    """
    view = build_statement(register, lang, tone, draft)
    if fmt == "pdf":
        return render_pdf(view)
    return render_html(view) if fmt == "html" else render_markdown(view)


def statement_content(register: Register, lang: str) -> str:
    """The statement's content (no page around it) for a page of the organisation's site."""
    return render_html(build_statement(register, lang, None, False), embedded=True)


__all__ = ["Format", "StatementView", "build_statement", "render_statement", "statement_content"]
