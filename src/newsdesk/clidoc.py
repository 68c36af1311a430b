"""docs/cli.md, generated from the commands' own --help (a test keeps the file current)."""

from __future__ import annotations

import click

from newsdesk.cli import main


def _walk(cmd: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    out = [(path, cmd)]
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            out += _walk(cmd.commands[name], [*path, name])
    return out


def cli_markdown() -> str:
    lines = [
        "# Command line",
        "",
        "Generated from `newsdesk --help` (`python -m newsdesk.clidoc > docs/cli.md`); a test fails "
        "when this file and the commands disagree.",
        "",
    ]
    for path, cmd in _walk(main, ["newsdesk"]):
        with click.Context(cmd, info_name=" ".join(path), terminal_width=100,
                           help_option_names=["-h", "--help"]) as ctx:
            text = cmd.get_help(ctx)
        lines += [f"## `{' '.join(path)}`", "", "```", text, "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(cli_markdown(), end="")
