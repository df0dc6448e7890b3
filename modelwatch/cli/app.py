"""The command-line application, its shared options, and the error boundary."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from modelwatch.errors import DataError, ModelwatchError, collapsed, one_line
from modelwatch.publish.terminal import Format

if TYPE_CHECKING:
    from modelwatch.service.core import Answer

app = typer.Typer(
    help="modelwatch: who released which AI models, when, from where, and how openly.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
# a year outside 1..9999 has no dates in it: refused as a usage error rather than read as "all years" (0)
YearOpt = Annotated[
    int | None, typer.Option("--year", "-y", min=1, max=9999, help="Only releases whose whole date lies in this year.")
]
OrgOpt = Annotated[list[str] | None, typer.Option("--org", help="Organization id (repeatable); see `modelwatch orgs`.")]
CountryOpt = Annotated[
    list[str] | None, typer.Option("--country", help="ISO 3166-1 alpha-2 country code (repeatable).")
]
ModalityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--modality",
        help="Only releases of this modality (repeatable): language, vision-language, multimodal, image, video, "
        "speech, audio, embedding, code, ...; see docs/data-format.md.",
    ),
]


class ProgressBar:
    """A progress bar on stderr (silent when stderr is not a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,  # else an empty line precedes an error line
        )
        self.task: Any = None
        self.stages = -1

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.progress.stop()

    def start(self, label: str, total: int) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(label, total=total or None)

    def advance(self, label: str, count: int) -> None:
        self.progress.update(self.task, completed=count, description=f"{label}: {count} repos")

    def step(self) -> None:
        self.progress.advance(self.task)

    def stage(self, label: str) -> None:
        """A new stage starts: name it; the bar counts the stages begun before it."""
        self.stages += 1
        self.progress.update(self.task, completed=self.stages, description=label)


def show(answer: Answer, fmt: Format) -> None:
    from modelwatch.publish.terminal import render

    typer.echo(render(answer.rows, fmt.value, title=answer.title, caption=answer.caption).rstrip("\n"))


def period_option(text: str | None, option: str) -> dt.date | str | None:
    """An option's date as precise as the evidence: a day (YYYY-MM-DD), a month, a quarter, a year or a
    span (docs/data-format.md), in the form a curated file writes it; or one line naming the option."""
    from modelwatch.dates import parse_date, toml_value

    if text is None:
        return None
    try:
        return toml_value(parse_date(text))
    except ValueError as exc:
        raise ModelwatchError(f"{option}: {exc}") from None


def day_option(text: str | None, option: str) -> dt.date | None:
    """An option's YYYY-MM-DD value, or one line naming the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ModelwatchError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


class _Notices(logging.Handler):
    """The library's notices (the store was built or upgraded first) as `modelwatch: ...` lines on stderr.

    Writes to the `sys.stderr` of the moment, not the one when installed."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"modelwatch: {one_line(record.getMessage())}", file=sys.stderr)


def _show_notices() -> None:
    log = logging.getLogger("modelwatch")
    if not any(isinstance(h, _Notices) for h in log.handlers):
        log.addHandler(_Notices(logging.INFO))
        log.setLevel(logging.INFO)
        log.propagate = False


def _not_utf8(args: list[str]) -> str:
    """One line naming the first argument that is not UTF-8 text ('' when all are).

    Python hands such bytes over as lone surrogates (U+DC80..U+DCFF); left in, they fail only when
    written to a file or the terminal, as an unexpected error."""
    for n, arg in enumerate(args, 1):
        if any("\udc80" <= ch <= "\udcff" for ch in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return f"argument {n} ({one_line(shown, 60)!r}) is not UTF-8 text; give it in UTF-8"
    return ""


def main() -> None:
    _show_notices()
    bad = _not_utf8(sys.argv[1:])
    if bad:
        print(f"modelwatch: error: {bad}", file=sys.stderr)
        sys.exit(2)
    try:
        app()
    except DataError as exc:
        for line in collapsed(exc.problems):
            print(line, file=sys.stderr)
        print(f"modelwatch: {len(exc.problems)} problem(s) found", file=sys.stderr)
        sys.exit(2)
    except ModelwatchError as exc:
        print(f"modelwatch: error: {one_line(str(exc))}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("modelwatch: interrupted; the store is unchanged by the unfinished step", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("MODELWATCH_DEBUG"):
            raise
        code, message = _last_resort(exc)
        print(f"modelwatch: error: {one_line(message)}", file=sys.stderr)
        sys.exit(code)


def _last_resort(exc: Exception) -> tuple[int, str]:
    """What an error nothing else caught means to the user: a file system refusal, a damaged store,
    or (exit 70) a defect of modelwatch, with the way to see where it happened."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return 2, f"{where}{exc.strerror or text or type(exc).__name__}"
    if type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb"):
        return 2, f"the store cannot answer ({text}); run `modelwatch build --force` to repair it"
    return 70, f"unexpected {type(exc).__name__}: {text} (a defect; MODELWATCH_DEBUG=1 shows where)"
