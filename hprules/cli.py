"""The `hprules` command: a thin layer over `hprules.api`.

The only place that reads the clock (the default for --as-of) and the only place
that turns problems into messages and exit codes:
0 fine, 1 an obligation is overdue (check) or something changed or failed
(diff, test), 2 invalid input or usage, 3 engine failure, 4 serve cannot listen,
70 a bug of ours (see `failure`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from . import api
from . import failure as errors
from .dates import supported, supported_years
from .diagnostics import Collector, InvalidInput
from .texts import LANGUAGES

EXIT_OVERDUE = 1
EXIT_INVALID = errors.EXIT_INVALID
EXIT_ENGINE = errors.EXIT_ENGINE
EXIT_UNAVAILABLE = errors.EXIT_UNAVAILABLE  # serve: the address cannot be had
EXIT_BUG = errors.EXIT_BUG  # anything unexpected: never to be read as "overdue"

F = TypeVar("F", bound=Callable[..., Any])


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date; write YYYY-MM-DD", param, ctx)
        if not supported(day):
            self.fail(f"'{value}' is outside the supported years {supported_years()}", param, ctx)
        return day


ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder holding rules/ and facts/.",
)


def _common(func: F) -> F:
    options = [
        ROOT_OPTION,
        click.option(
            "--lang", type=click.Choice(LANGUAGES), default="nb", show_default=True, help="Language of the output."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _evaluation_options(func: F) -> F:
    options = [
        click.option("--as-of", "as_of", type=_Date(), default=None, help="Evaluate as of this day (default: today)."),
        click.option(
            "--set",
            "overrides",
            multiple=True,
            metavar="FACT=VALUE",
            help="What if: override or add a fact for the chosen parties (not saved). Repeatable.",
        ),
        click.option(
            "--known-on",
            "known_on",
            type=_Date(),
            default=None,
            help="Use only the facts on record on this day: what the tool said then.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _fail(problem: Exception) -> None:
    """Every failure is rendered here (see `failure`), its exit code from its class."""
    for line in errors.render(problem):
        click.echo(line, err=True)
    sys.exit(errors.exit_code(problem))


def _run(action: Callable[[], int]) -> None:
    try:
        code = action()
    except Exception as exc:  # the one place every failure is rendered
        _fail(exc)
    sys.exit(code)


@click.group()
@click.version_option(package_name="hprules")
def main() -> None:
    """Deadlines and compliance of the Helseplattformen agreements."""


@main.command()
@click.argument("parties", nargs=-1)
@_common
@_evaluation_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def check(
    parties: tuple[str, ...],
    root: Path,
    lang: str,
    as_of: date | None,
    overrides: tuple[str, ...],
    known_on: date | None,
    fmt: str,
) -> None:
    """Every finding for PARTIES (all by default). Exit 1 if an obligation is overdue."""
    from .report import render_json, render_table

    def action() -> int:
        project = api.load_project(root)
        evaluation = api.check(project, as_of or date.today(), parties, overrides, known_on=known_on)
        render = render_json if fmt == "json" else render_table
        click.echo(render(project, evaluation, lang), nl=False)
        return EXIT_OVERDUE if evaluation.has_overdue_obligation else 0

    _run(action)


@main.command()
@click.argument("party")
@click.argument("rule")
@_common
@_evaluation_options
def explain(
    party: str,
    rule: str,
    root: Path,
    lang: str,
    as_of: date | None,
    overrides: tuple[str, ...],
    known_on: date | None,
) -> None:
    """Why this date and this status: the quote, the facts and each step."""

    def action() -> int:
        project = api.load_project(root)
        result = api.explain(project, party, rule, as_of or date.today(), overrides, lang, known_on)
        click.echo(result.text, nl=False)
        return 0

    _run(action)


@main.command()
@ROOT_OPTION
@click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of the source documents: check every quote against them.",
)
@click.option("--require-review", is_flag=True, help="Treat unreviewed or changed rules as errors.")
def validate(root: Path, sources: Path | None, require_review: bool) -> None:
    """Check every rule and fact file; report all problems at once (exit 2)."""

    def action() -> int:
        report = api.validate(root, sources, require_review)
        if not require_review:
            for note in report.needs_review:
                click.echo(f"{note.location}: warning: {note.message}", err=True)
        if report.diagnostics:
            raise InvalidInput(list(report.diagnostics))
        quotes = f", {report.quotes_checked} quotes found in their documents" if sources else ""
        click.echo(f"ok: {report.rules} rules, {report.parties} parties{quotes}")
        return 0

    _run(action)


@main.command()
@click.argument("parties", nargs=-1)
@_common
@_evaluation_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("calendars"),
    show_default=True,
    help="Folder of the feeds; the files already there are the memory of what was published.",
)
def calendar(
    parties: tuple[str, ...],
    root: Path,
    lang: str,
    as_of: date | None,
    overrides: tuple[str, ...],
    known_on: date | None,
    out: Path,
) -> None:
    """Write one .ics feed per party (and all.ics when no PARTIES are named)."""

    def action() -> int:
        project = api.load_project(root)
        folder = out if out.is_absolute() else root / out
        result = api.calendar(project, folder, as_of or date.today(), parties, overrides, lang, known_on)
        events = sum(feed.body.count(b"BEGIN:VEVENT") for feed in result.feeds if feed.name != "all")
        click.echo(f"{len(result.feeds)} feeds, {events} events in {folder}; {len(result.written)} files changed")
        return 0

    _run(action)


@main.command()
@ROOT_OPTION
@click.option("--lang", type=click.Choice(LANGUAGES), default="nb", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--as-of", "as_of", type=_Date(), default=None, help="Serve as of this day (default: today, followed as days pass)."
)
@click.option(
    "--seed",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("calendars"),
    show_default=True,
    help="Published feeds to continue SEQUENCE numbers from.",
)
def serve(root: Path, lang: str, host: str, port: int, as_of: date | None, seed: Path) -> None:
    """Serve the feeds over HTTP, recomputed when rule or fact files change."""
    from .server import FeedStore
    from .server import serve as run_server

    def action() -> int:
        today = (lambda: as_of) if as_of else date.today
        store = FeedStore(root, today, lang, seed if seed.is_absolute() else root / seed)

        def announce(bound: int) -> None:
            click.echo(
                f"hprules: serving {len(store.resources)} feeds and an index on http://{host}:{bound}/", err=True
            )

        run_server(store, host, port, announce)  # CannotListen: exit 4
        return 0

    _run(action)


@main.command(name="test")
@ROOT_OPTION
def test_examples(root: Path) -> None:
    """Run the worked examples in rules/examples/; exit 1 if any fails."""
    from .scenario import read_examples, run_scenarios

    def action() -> int:
        project = api.load_project(root)
        problems = Collector()
        examples = read_examples(root / "rules" / "examples", root, project, problems)
        problems.raise_if_any()
        report = run_scenarios(project, examples)
        for failure in report.failures:
            for where, difference in failure.differences:
                click.echo(f"{where}: example '{failure.example.name}' ({failure.example.rule}): {difference}")
        passed = len(report.examples) - len(report.failures)
        click.echo(f"{passed} passed, {len(report.failures)} failed")
        return 1 if report.failures else 0

    _run(action)


@main.command()
@click.argument("rule")
@click.option("--by", "by", required=True, help="Who approves the rule (written into the stamp).")
@ROOT_OPTION
@click.option("--as-of", "as_of", type=_Date(), default=None, help="The approval date (default: today).")
def approve(rule: str, by: str, root: Path, as_of: date | None) -> None:
    """Record that RULE, as it now reads, was reviewed and approved by --by."""

    def action() -> int:
        stamped = api.approve(root, rule, by, as_of or date.today())
        click.echo(
            f"{stamped.path}: {stamped.id} approved by {by} on {(as_of or date.today()).isoformat()} "
            f"(fingerprint {stamped.fingerprint})"
        )
        return 0

    _run(action)


@main.command()
@click.argument("parties", nargs=-1)
@click.option("--base", required=True, help="A git revision (e.g. HEAD~1, main) or a folder with rules/ and facts/.")
@_common
@click.option("--as-of", "as_of", type=_Date(), default=None, help="Compare as of this day (default: today).")
@click.option("--known-on", "known_on", type=_Date(), default=None, help="Use only facts on record on this day.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def diff(
    parties: tuple[str, ...], base: str, root: Path, lang: str, as_of: date | None, known_on: date | None, fmt: str
) -> None:
    """What changed for every party between --base and now: moved dates (old and
    new), findings that appeared or disappeared, statuses that flipped.
    Exit 0 if nothing changed, 1 if something did."""
    from .comparison import render_changes

    def action() -> int:
        project = api.load_project(root)
        day = as_of or date.today()
        result = api.diff(project, base, day, parties, known_on)
        if fmt == "json":
            document = {"base": base, "as_of": day.isoformat(), "changes": [c.json() for c in result.changes]}
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            click.echo(render_changes(list(result.changes), base, lang), nl=False)
        return 1 if result.changes else 0

    _run(action)


@main.command()
@_common
@click.option("--as-of", "as_of", type=_Date(), default=None, help="As of this day (default: today).")
@click.option("--known-on", "known_on", type=_Date(), default=None, help="Use only facts on record on this day.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def waiting(root: Path, lang: str, as_of: date | None, known_on: date | None, fmt: str) -> None:
    """For every fact some rule waits for: the parties and rules it blocks, and
    for a fact known only to the month or year, the range of dates that follows."""
    from .waiting import render_waiting, waiting_json, waiting_list

    def action() -> int:
        project = api.load_project(root)
        day = as_of or date.today()
        items = waiting_list(api.check(project, day, known_on=known_on))
        click.echo(waiting_json(items, day) if fmt == "json" else render_waiting(project, items, lang), nl=False)
        return 0

    _run(action)


@main.command()
@_common
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def rulebook(root: Path, lang: str, fmt: str, out: Path | None) -> None:
    """The rule book for legal staff: every rule with its quote, counting, examples and review."""
    from .rulebook_doc import render_html, render_markdown
    from .scenario import read_examples

    def action() -> int:
        project = api.load_project(root)
        problems = Collector()
        examples = read_examples(root / "rules" / "examples", root, project, problems)
        problems.raise_if_any()
        text = render_markdown(project, examples, lang)
        if fmt == "html":
            text = render_html(text, lang)
        if out is None:
            click.echo(text, nl=False)
        else:
            from .publication import write_text

            write_text(out, text)
        return 0

    _run(action)
