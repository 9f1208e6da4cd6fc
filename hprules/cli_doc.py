"""docs/cli.md: every command's --help, generated so that it cannot drift.

Run `python -m hprules.cli_doc > docs/cli.md`; a test fails when it is stale.
"""

from __future__ import annotations

import click

from .cli import main


def render() -> str:
    lines = ["# Command-line reference", "", "Generated from `--help` by `python -m hprules.cli_doc`.", ""]
    settings = main.context_settings  # as `hprules` itself makes its context (-h, --help)
    with click.Context(main, info_name="hprules", terminal_width=100, **settings) as ctx:
        lines += ["## hprules", "", "```", main.get_help(ctx), "```", ""]
        for name in sorted(main.list_commands(ctx)):
            command = main.get_command(ctx, name)
            assert command is not None
            with click.Context(command, info_name=name, parent=ctx, terminal_width=100) as sub:
                lines += [f"## hprules {name}", "", "```", command.get_help(sub), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
