"""The `hprules` command: options, the clock and the terminal around `hprules.api`
(and `hprules.server` for `serve`); what it prints comes from `hprules.render`.

The only place that reads the clock: the default of --as-of (today), and the wall
clock of serve's log. It decides the terminal's width and colour and passes them
down. Every failure goes through `_run`: rendered by `failure.render` to stderr,
its exit code from its class: 0 fine, 1 an obligation is overdue (check) or
something changed or failed (diff, test), 2 invalid input or usage, 3 engine
failure, 4 serve cannot listen, 70 a bug of ours.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from .domain import failure as errors
from .domain.dates import supported, supported_years
from .domain.diagnostics import Collector, InvalidInput, Message, msg
from .render.layout import DEFAULT_WIDTH
from .render.texts import LANGUAGES, counted

# `api` (and through it durable-rules, PyYAML, ...) is imported by each command as it
# runs, so that --help and shell completion start fast.
if TYPE_CHECKING:
    from .store.recording import Outcome

EXIT_OVERDUE = 1
EXIT_INVALID = errors.EXIT_INVALID
EXIT_ENGINE = errors.EXIT_ENGINE
EXIT_UNAVAILABLE = errors.EXIT_UNAVAILABLE  # serve: the address cannot be had
EXIT_BUG = errors.EXIT_BUG  # anything unexpected: never to be read as "overdue"

F = TypeVar("F", bound=Callable[..., Any])


class _BadValue(click.BadParameter):
    """A refused option value, its reason a message of the catalogue (worded by `_usage_lines`)."""

    def __init__(self, reason: Message, ctx: click.Context | None, param: click.Parameter | None) -> None:
        super().__init__(str(reason), ctx, param)
        self.reason = reason


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            raise _BadValue(msg("cli.not_a_day", value=str(value)), ctx, param) from None
        if not supported(day):
            raise _BadValue(msg("date.outside_years", text=str(value), years=supported_years()), ctx, param)
        return day


class _Choice(click.Choice):  # type: ignore[type-arg]
    """click's Choice, its refusal worded in the reader's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            choices = ", ".join(repr(c) for c in self.choices)
            raise _BadValue(msg("cli.not_one_of", value=str(value), choices=choices), ctx, param) from None


class _Path(click.Path):
    """click's Path (a folder where a file is wanted, or the reverse), refused in the reader's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            folder = Path(os.fsdecode(value)).is_dir()
            reason = msg("cli.a_folder" if folder else "cli.not_a_folder", value=os.fsdecode(value))
            raise _BadValue(reason, ctx, param) from None


class _Port(click.IntRange):
    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            raise _BadValue(msg("cli.not_in_range", value=str(value), low=1, high=65535), ctx, param) from None


ROOT_OPTION = click.option(
    "--root",
    type=_Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder holding rules/ and facts/.",
)


def _common(func: F) -> F:
    options = [
        ROOT_OPTION,
        click.option(
            "--lang", type=_Choice(LANGUAGES), default="nb", show_default=True, help="Language of the output."
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


def _lang() -> str:
    """The command's --lang (every command that reports problems has one); nb otherwise."""
    context = click.get_current_context(silent=True)
    lang = context.params.get("lang") if context is not None else None
    return lang if isinstance(lang, str) and lang in LANGUAGES else "nb"


def _fail(problem: Exception, outcome: str) -> None:
    """Every failure is rendered here (in the command's language, by `render.failure_text`),
    its exit code from its class (`failure`); `outcome` says what the command did not do."""
    from .render.failure_text import render_failure

    for line in render_failure(problem, _lang(), outcome):
        click.echo(line, err=True)
    sys.exit(errors.exit_code(problem))


def _run(action: Callable[[], int], outcome: str = "outcome.nothing_evaluated") -> None:
    """`outcome`: the key of what a failure leaves undone (nothing evaluated; for
    the commands that write, nothing written)."""
    # A command reads, works and exits, and most of what it makes lives to the end: the
    # collector's young pass every 700 new objects, and a pass over the older ones every
    # 10 of those (Python's defaults), cost `check` over 20,000 parties a sixth of its
    # time (bench/run.py). Every 10,000, and every 100 of those, still finds what is garbage.
    gc.set_threshold(10_000, 100, 100)
    try:
        code = action()
    except Exception as exc:  # the one place every failure is rendered
        _fail(exc, outcome)
    sys.exit(code)


def _completion_root(ctx: click.Context) -> Path:
    root = ctx.params.get("root") or Path(".")
    return root if isinstance(root, Path) else Path(str(root))


def _complete_parties(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Party ids from facts/parties/ of --root (or the current folder). Completion
    must never fail or print: a broken or missing project completes nothing."""
    try:
        names = sorted(p.stem for p in (_completion_root(ctx) / "facts" / "parties").glob("*.yaml"))
    except Exception:
        return []
    return [n for n in names if n.startswith(incomplete)]


def _complete_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Rule ids of --root (or the current folder), read even from a broken rule book."""
    from .reading.rule_reader import read_rulebook

    try:
        root = _completion_root(ctx)
        book = read_rulebook(root / "rules", root, Collector())
    except Exception:
        return []
    return sorted({r.id for r in book.rules if r.id.startswith(incomplete)})


def _complete_statuses(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from .domain.finding import Status

    return [s.value for s in Status if s.value.startswith(incomplete)]


def _complete_kinds(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from .domain.rulebook import Kind

    return [k.value for k in Kind if k.value.startswith(incomplete)]


def _terminal() -> tuple[int, bool]:
    """Width and colour for standard output, decided here and passed in: a
    terminal's width (or COLUMNS) and colour unless NO_COLOR is set; when piped,
    100 columns and no colour."""
    if not sys.stdout.isatty():
        return DEFAULT_WIDTH, False
    import shutil  # only for a terminal: piped output (scripts, many files) starts faster

    return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, 40), not os.environ.get("NO_COLOR")


def _asks_english(args: Sequence[str]) -> bool:
    """`--lang en` (or `--lang=en`) anywhere on the command line: a usage error
    is found before click has read the options, so the words are looked at."""
    words = list(args)
    return "--lang=en" in words or any(a == "--lang" and b == "en" for a, b in pairwise(words))


def _usage_problem(exc: click.UsageError) -> Message:
    """What click refused, as a message of the catalogue (click's words only for
    what it alone can say, e.g. a folder option naming a file)."""
    if isinstance(exc, click.exceptions.NoSuchCommand | click.NoSuchOption):
        if isinstance(exc, click.exceptions.NoSuchCommand):
            problem = msg("cli.no_such_command", name=exc.command_name)
        else:
            problem = msg("cli.no_such_option", name=exc.option_name)
        if exc.possibilities:
            problem = msg("cli.did_you_mean", detail=problem, guesses=", ".join(repr(p) for p in exc.possibilities))
        return problem
    hint = exc.param.get_error_hint(exc.ctx) if isinstance(exc, click.BadParameter) and exc.param else ""
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "")
        return msg("cli.missing_argument" if kind == "argument" else "cli.missing_option", name=hint)
    if isinstance(exc, click.BadParameter):
        return msg("cli.bad_value", name=hint, detail=exc.reason if isinstance(exc, _BadValue) else exc.message)
    if isinstance(exc, click.BadOptionUsage):
        takes_none = "does not take a value" in exc.message
        return msg("cli.takes_no_value" if takes_none else "cli.needs_value", name=exc.option_name)
    if exc.message.startswith("Got unexpected extra argument"):
        return msg("cli.extra_arguments", args=exc.message.partition("(")[2].rstrip(")"))
    return msg("cli.error", detail=exc.message)  # pragma: no cover - click has no other usage error today


class _WordedUsageError(click.UsageError):
    """click's usage error, shown in the reader's language (exit 2, as click's)."""

    def __init__(self, original: click.UsageError, lang: str) -> None:
        super().__init__(original.message, original.ctx)
        self.original = original
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        from .render.messages import worded

        problem = _usage_problem(self.original)
        lines = []
        if self.ctx is not None:
            lines += [self.ctx.get_usage(), worded("cli.try_help", self.lang, command=self.ctx.command_path), ""]
        detail = worded(problem, self.lang)
        lines.append(worded("cli.error", self.lang, detail=detail if detail.endswith((".", "?")) else detail + "."))
        click.echo("\n".join(lines), err=True, file=file)


class _Group(click.Group):
    """Usage errors (a mistyped command, option or value) in Norwegian, or in English
    when `--lang en` was given; `--help` stays in English (click's)."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        lang = "en" if _asks_english(args) else "nb"
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # `hprules` alone: click's help, exit 2
        except click.UsageError as exc:
            raise _WordedUsageError(exc, lang) from None
        ctx.meta["hprules.lang"] = lang
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (_WordedUsageError, click.exceptions.NoArgsIsHelpError):
            raise
        except click.UsageError as exc:
            raise _WordedUsageError(exc, ctx.meta.get("hprules.lang", "nb")) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hprules")
def main() -> None:
    """Deadlines and compliance of the Helseplattformen agreements."""


def _selection_options(func: F) -> F:
    options = [
        click.option(
            "--status",
            "statuses",
            multiple=True,
            metavar="STATUS",
            shell_complete=_complete_statuses,
            help="Only findings with this status (met, overdue, due_soon, waiting, ...). Repeatable.",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            metavar="KIND",
            shell_complete=_complete_kinds,
            help="Only rules of this kind (obligation, right, effect, target, guidance). Repeatable.",
        ),
        click.option(
            "--rule",
            "rules",
            multiple=True,
            metavar="RULE",
            shell_complete=_complete_rules,
            help="Only this rule. Repeatable.",
        ),
        click.option(
            "--due-within",
            "due_within",
            metavar="SPAN",
            default=None,
            help="Only findings dated from --as-of (or --from) to this much later: 30d, 2w, 3m, 1y.",
        ),
        click.option("--from", "start", type=_Date(), default=None, help="Only findings dated on or after this day."),
        click.option("--to", "end", type=_Date(), default=None, help="Only findings dated on or before this day."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command()
@click.argument("parties", nargs=-1, shell_complete=_complete_parties)
@_common
@_evaluation_options
@click.option("--format", "fmt", type=_Choice(["table", "json"]), default="table", show_default=True)
@_selection_options
def check(
    parties: tuple[str, ...],
    root: Path,
    lang: str,
    as_of: date | None,
    overrides: tuple[str, ...],
    known_on: date | None,
    fmt: str,
    statuses: tuple[str, ...],
    kinds: tuple[str, ...],
    rules: tuple[str, ...],
    due_within: str | None,
    start: date | None,
    end: date | None,
) -> None:
    """Every finding for PARTIES (all by default). Exit 1 if an obligation is overdue.

    The filters combine: each admits any of its values, and a finding must pass
    all of them. A finding is in a date window when its date (or range) overlaps
    it; findings without a date are outside every window."""
    from .render.report import json_chunks, render_table

    def action() -> int:

        from . import api

        project = api.load_project(root)
        evaluation = api.check(project, as_of or date.today(), parties, overrides, known_on=known_on)
        evaluation = api.select(project, evaluation, statuses, kinds, rules, due_within, start, end)
        if fmt == "json":
            # Streamed, a thousand findings at a time: many parties, little memory. Written
            # to the stream itself: click.echo would search every piece for colour codes.
            out = sys.stdout
            batch: list[str] = []
            for chunk in json_chunks(project, evaluation, lang):
                batch.append(chunk)
                if len(batch) >= 1000:
                    out.write("".join(batch))
                    batch.clear()
            out.write("".join(batch))
            out.flush()
        else:
            width, colour = _terminal()
            click.echo(render_table(project, evaluation, lang, width=width, colour=colour), nl=False)
        return EXIT_OVERDUE if evaluation.has_overdue_obligation else 0

    _run(action)


@main.command()
@click.argument("party", shell_complete=_complete_parties)
@click.argument("rule", shell_complete=_complete_rules)
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

        from . import api

        project = api.load_project(root)
        width, _ = _terminal()
        result = api.explain(project, party, rule, as_of or date.today(), overrides, lang, known_on, width)
        click.echo(result.text, nl=False)
        return 0

    _run(action)


@main.command()
@_common
@click.option(
    "--sources",
    type=_Path(path_type=Path),
    default=None,
    help="Folder of the source documents: check every quote against them.",
)
@click.option("--require-review", is_flag=True, help="Treat unreviewed or changed rules as errors.")
def validate(root: Path, lang: str, sources: Path | None, require_review: bool) -> None:
    """Check every rule and fact file; report all problems at once (exit 2)."""

    def action() -> int:

        from . import api

        report = api.validate(root, sources, require_review)
        if not require_review:
            from .render.failure_text import warning_line

            for note in report.needs_review:
                click.echo(warning_line(note, lang), err=True)
        if report.diagnostics:
            raise InvalidInput(list(report.diagnostics))
        from .render.texts import validated

        click.echo(validated(report.rules, report.parties, report.quotes_checked if sources else None, lang))
        return 0

    _run(action)


@main.command()
@click.argument("parties", nargs=-1, shell_complete=_complete_parties)
@_common
@_evaluation_options
@click.option(
    "--out",
    type=_Path(file_okay=False, path_type=Path),
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

        from . import api

        project = api.load_project(root)
        folder = out if out.is_absolute() else root / out
        result = api.calendar(project, folder, as_of or date.today(), parties, overrides, lang, known_on)
        events = sum(feed.body.count(b"BEGIN:VEVENT") for feed in result.feeds if feed.name != "all")
        click.echo(
            f"{counted(len(result.feeds), 'feeds', lang)}, {counted(events, 'events', lang)} "
            f"{'in' if lang == 'en' else 'i'} {folder}; {counted(len(result.written), 'files_changed', lang)}"
        )
        return 0

    _run(action, "outcome.no_feeds_written")


def _http_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise _BadValue(msg("cli.not_http", value=value), ctx, param)
    return value


@main.command()
@ROOT_OPTION
@click.option("--lang", type=_Choice(LANGUAGES), default="nb", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=_Port(1, 65535), default=8080, show_default=True)
@click.option(
    "--as-of", "as_of", type=_Date(), default=None, help="Serve as of this day (default: today, followed as days pass)."
)
@click.option(
    "--seed",
    type=_Path(file_okay=False, path_type=Path),
    default=Path("calendars"),
    show_default=True,
    help="Published feeds to continue SEQUENCE numbers from.",
)
@click.option(
    "--base-url",
    "base_url",
    default=None,
    callback=_http_url,
    help="The address the pages' links use, e.g. https://frister.example/hp/ behind a proxy "
    "(default: the host the client asked for).",
)
def serve(root: Path, lang: str, host: str, port: int, as_of: date | None, seed: Path, base_url: str | None) -> None:
    """Serve the feeds over HTTP, recomputed when rule or fact files change: an index
    page at /, a page per party (/roros) and a feed per party (/roros.ics)."""
    from datetime import UTC, datetime

    from .server import FeedStore
    from .server import serve as run_server

    def action() -> int:

        today = (lambda: as_of) if as_of else date.today
        seed_dir = seed if seed.is_absolute() else root / seed
        store = FeedStore(root, today, lang, seed_dir, base_url, clock=lambda: datetime.now(UTC))

        def announce(bound: int) -> None:
            from .render.messages import worded

            serving = worded("serve.serving", lang, n=len(store.resources), address=f"http://{host}:{bound}/")
            click.echo(f"hprules: {serving}", err=True)

        run_server(store, host, port, announce)  # CannotListen: exit 4
        return 0

    _run(action)


@main.command(name="test")
@_common
def test_examples(root: Path, lang: str) -> None:
    """Run the worked examples in rules/examples/; exit 1 if any fails."""
    from .evaluation.examples import read_examples, run_scenarios

    def action() -> int:

        from . import api

        project = api.load_project(root)
        problems = Collector()
        examples = read_examples(root / "rules" / "examples", root, project, problems)
        problems.raise_if_any()
        report = run_scenarios(project, examples)
        from .domain.diagnostics import Diagnostic, msg
        from .render.failure_text import diagnostic_line

        for failure in report.failures:
            name, rule = failure.example.name.get(lang), failure.example.rule
            for difference in failure.differences:
                failed = msg("example.failed", name=name, rule=rule, what=difference.message)
                click.echo(diagnostic_line(Diagnostic(difference.where, failed), lang))
        passed = len(report.examples) - len(report.failures)
        from .render.texts import examples_result

        click.echo(examples_result(passed, len(report.failures), lang))
        return 1 if report.failures else 0

    _run(action)


@main.command()
@click.argument("rule", shell_complete=_complete_rules)
@click.option("--by", "by", required=True, help="Who approves the rule (written into the stamp).")
@ROOT_OPTION
@click.option("--as-of", "as_of", type=_Date(), default=None, help="The approval date (default: today).")
@click.option("--lang", type=_Choice(LANGUAGES), default="nb", show_default=True, help="Language of the output.")
def approve(rule: str, by: str, root: Path, as_of: date | None, lang: str) -> None:
    """Record that RULE, as it now reads, was reviewed and approved by --by: a stamp
    appended to its review history. Refused for a date in the future or before
    the newest stamp, and while the rule's worked examples fail."""

    def action() -> int:

        from . import api
        from .render.texts import approved

        day = as_of or date.today()
        stamped = api.approve(root, rule, by, day, date.today())
        click.echo(f"{stamped.path}: {approved(stamped.id, by, day, stamped.fingerprint, lang)}")
        return 0

    _run(action, "outcome.nothing_written")


@main.command()
@click.argument("target")
@click.argument("fact")
@click.argument("value")
@click.option("--source", required=True, help="The document or site the fact comes from.")
@click.option("--quote", default=None, help="The words of the source that say it.")
@click.option(
    "--note",
    nargs=2,
    default=None,
    metavar="NB EN",
    help="A note on how the source was read, in Norwegian and English.",
)
@click.option("--recorded", type=_Date(), default=None, help="The day it was on record (default: --as-of).")
@click.option("--by", "by", default=None, help="Who records it (default: git config user.name).")
@click.option("--planned", is_flag=True, help="The value is a plan (e.g. an announced go-live), not an event.")
@click.option("--dry-run", is_flag=True, help="Show what it changes; write nothing.")
@click.option("--no-commit", is_flag=True, help="In a git work tree, leave the change uncommitted.")
@_common
@click.option("--as-of", "as_of", type=_Date(), default=None, help="Compare findings as of this day (default: today).")
def record(
    target: str,
    fact: str,
    value: str,
    source: str,
    quote: str | None,
    note: tuple[str, str] | None,
    recorded: date | None,
    by: str | None,
    planned: bool,
    dry_run: bool,
    no_commit: bool,
    root: Path,
    lang: str,
    as_of: date | None,
) -> None:
    """Record that FACT of TARGET (a party, wave:ID or region) is VALUE
    (2023-11-03, 2023-11, 2023 or <=2023-04-30). A fact that already has a value
    gets the new one appended to its history. Shows what the change does to the
    findings first; in a git work tree each recording is one commit."""
    from .domain.rulebook import Text
    from .render.comparison import render_changes
    from .render.texts import word

    def show(outcome: Outcome) -> None:
        click.echo(render_changes(list(outcome.changes), word("facts_on_file", lang), lang), nl=False)

    def action() -> int:

        from . import api

        day = as_of or date.today()
        outcome = api.record(
            root,
            target,
            fact,
            value,
            source=source,
            as_of=day,
            recorded=recorded,
            quote=quote,
            note=Text(*note) if note else None,
            by=by,
            dry_run=dry_run,
            commit=not no_commit,
            show=show,
            planned=planned,
        )
        entry = f"{target} {outcome.entry.name} {outcome.entry.value} ({outcome.entry.source})"
        if outcome.state == "already":
            click.echo(f"{outcome.path}: {entry} {word('already_recorded', lang)}")
        elif outcome.state == "dry-run":
            click.echo(f"{outcome.path}: {entry}: {word('dry_run', lang)}")
        else:
            commit = f"commit {outcome.commit}" if outcome.commit else word("not_committed", lang)
            click.echo(f"{entry} {word('recorded_in', lang)} {outcome.path} ({commit})")
        return 0

    _run(action, "outcome.nothing_written")


@main.command()
@click.argument("parties", nargs=-1, shell_complete=_complete_parties)
@click.option("--base", required=True, help="A git revision (e.g. HEAD~1, main) or a folder with rules/ and facts/.")
@_common
@click.option("--as-of", "as_of", type=_Date(), default=None, help="Compare as of this day (default: today).")
@click.option("--known-on", "known_on", type=_Date(), default=None, help="Use only facts on record on this day.")
@click.option("--format", "fmt", type=_Choice(["table", "json"]), default="table", show_default=True)
def diff(
    parties: tuple[str, ...], base: str, root: Path, lang: str, as_of: date | None, known_on: date | None, fmt: str
) -> None:
    """What changed for every party between --base and now: moved dates (old and
    new), findings that appeared or disappeared, statuses that flipped.
    Exit 0 if nothing changed, 1 if something did."""
    from .render.comparison import render_changes

    def action() -> int:

        from . import api

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
@click.option("--format", "fmt", type=_Choice(["table", "json"]), default="table", show_default=True)
def waiting(root: Path, lang: str, as_of: date | None, known_on: date | None, fmt: str) -> None:
    """For every fact some rule waits for: the parties and rules it blocks, and
    for a fact known only to the month or year, the range of dates that follows.

    What can be followed up now comes first: facts whose finding would fall in
    the past or within 90 days (counted from the known trigger, or the range's
    first day); then those further ahead; last those waiting for an event that
    no known fact places in time (e.g. a notice nobody has given)."""
    from .render.waiting import render_waiting, waiting_json, waiting_list

    def action() -> int:

        from . import api

        project = api.load_project(root)
        day = as_of or date.today()
        items = waiting_list(api.check(project, day, known_on=known_on), project)
        click.echo(waiting_json(items, day) if fmt == "json" else render_waiting(project, items, lang), nl=False)
        return 0

    _run(action)


@main.command()
@click.argument("parties", nargs=-1, shell_complete=_complete_parties)
@_common
@_evaluation_options
@click.option("--from", "start", type=_Date(), default=None, help="First day shown (default: 30 days before --as-of).")
@click.option("--to", "end", type=_Date(), default=None, help="Last day shown (default: 365 days after --as-of).")
@click.option("--format", "fmt", type=_Choice(["table", "json", "csv"]), default="table", show_default=True)
def agenda(
    parties: tuple[str, ...],
    root: Path,
    lang: str,
    as_of: date | None,
    overrides: tuple[str, ...],
    known_on: date | None,
    start: date | None,
    end: date | None,
    fmt: str,
) -> None:
    """Every dated deadline of PARTIES (all by default) in one list, in date order,
    with the weekday, the days left or over, the party, the rule and the status.
    A date known only to the month shows as its range."""
    from .render.agenda import agenda_csv, agenda_json, render_agenda

    def action() -> int:

        from . import api

        project = api.load_project(root)
        day = as_of or date.today()
        result = api.agenda(project, day, parties, start, end, overrides, lang, known_on)
        entries = list(result.entries)
        if fmt == "json":
            text = agenda_json(entries, day, result.window, lang)
        elif fmt == "csv":
            text = agenda_csv(entries, day, lang)
        else:
            width, colour = _terminal()
            text = render_agenda(entries, day, result.window, lang, width, colour)
        click.echo(text, nl=False)
        return 0

    _run(action)


@main.command()
@_common
@click.option("--format", "fmt", type=_Choice(["md", "html"]), default="md", show_default=True)
@click.option(
    "--out",
    type=_Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--as-of", "as_of", type=_Date(), default=None, help="The generation day the HTML page shows (default: today)."
)
def rulebook(root: Path, lang: str, fmt: str, out: Path | None, as_of: date | None) -> None:
    """The rule book for legal staff: every rule with its quote, counting, examples and review.
    The HTML page also has a table of contents, the day and git revision it was
    generated from, and a print stylesheet."""
    from .evaluation.examples import read_examples
    from .reading.revision import current_revision
    from .render.rulebook_doc import render_html, render_markdown

    def action() -> int:

        from . import api

        project = api.load_project(root)
        problems = Collector()
        examples = read_examples(root / "rules" / "examples", root, project, problems)
        problems.raise_if_any()
        if fmt == "html":
            text = render_html(project, examples, lang, as_of or date.today(), current_revision(root))
        else:
            text = render_markdown(project, examples, lang)
        if out is None:
            click.echo(text, nl=False)
        else:
            from .store.publication import write_text

            write_text(out, text)
        return 0

    _run(action)
