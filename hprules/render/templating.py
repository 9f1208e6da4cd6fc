"""The HTML templates (hprules/templates/), rendered with Jinja2 and autoescaping.

Every value reaches the page escaped unless a template says otherwise, so a
party name, a note or a quote holding markup shows as text.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("hprules.render", "templates"),
        autoescape=True,  # every template, whatever its name ends with
        undefined=StrictUndefined,  # a misspelt name fails the render, not the reader
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
