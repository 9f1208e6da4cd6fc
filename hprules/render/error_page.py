"""The page the server answers with when it has no page to give (404, 405, 500):
in the server's language, with a link to the index. Pure."""

from __future__ import annotations

from .templating import render
from .texts import word

# The statuses that have a page, and the keys of their words in texts.py.
_KEYS = {404: "not_found", 405: "read_only", 500: "server_error"}


def render_error(status: int, path: str, method: str, index: str, lang: str) -> str:
    """`path` and `method` are what the client sent: shown escaped, never as markup."""
    key = _KEYS[status]
    return render(
        "error.html",
        lang="en" if lang == "en" else "nb",
        title=word(f"{key}_title", lang),
        text=word(f"{key}_text", lang).format(path=path, method=method),
        index=index,
        back=word("back_to_index", lang),
        status=status,
        stale=None,
    )
