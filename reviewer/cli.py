"""The command line: a thin shell over the library.

    reviewer serve [--host] [--port] [--workers N] [--request-timeout S] [--keep-alive S] [--access-log]
    reviewer check [--kind] [--lang] [--context JSON] [--today DATE] [--json] [TEXT | -]
    reviewer rewrite [--kind] [--lang] [--context JSON] [--max N] [--json] [TEXT | -]
    reviewer rules [ID]
    reviewer eval [--suite rules|rewrite|all] [--report DIR] [--live] [--update-baseline]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reviewer.detect import UnsupportedLanguage
from reviewer.models import Review, ReviewRequest, RewriteRequest

SYMBOL = {"pass": "✓", "fail": "✗", "unknown": "?"}
LETTER = {"specific": "S", "measurable": "M", "achievable": "A", "relevant": "R", "time_bound": "T"}


def _read_text(arg: str | None) -> str:
    if arg is None or arg == "-":
        if arg is None and sys.stdin.isatty():
            raise SystemExit("reviewer: give the text as an argument, or '-' to read it from standard input")
        return sys.stdin.read()
    return arg


def _context(args: argparse.Namespace) -> dict[str, Any] | None:
    context: dict[str, Any] = {}
    if args.context:
        try:
            context = json.loads(args.context)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"reviewer: --context: not valid JSON ({exc.msg})") from None
        if not isinstance(context, dict):
            raise SystemExit("reviewer: --context: must be a JSON object")
    if getattr(args, "today", None):
        context["today"] = args.today
    return context or None


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "body"
        parts.append(f"{field}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def _request(model: type, args: argparse.Namespace, **extra: Any) -> Any:
    payload = {"text": _read_text(args.text), "kind": args.kind, "language": args.lang, "context": _context(args), **extra}
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        print(f"reviewer: {_validation_message(exc)}", file=sys.stderr)
        raise SystemExit(2) from None


def _underline(text: str, offset: int, length: int) -> str:
    """The line holding the span, with ^^^ under the offending words."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end == -1 else end
    line = text[start:end]
    column = offset - start
    width = max(1, min(length, end - offset))
    return f"      {line}\n      {' ' * column}{'^' * width}"


def format_review(text: str, review: Review) -> str:
    """The letters (or mission checks), each with its message once, and under it the words behind it."""
    lines = [f"{review.kind} · {review.language} · score {review.score:.2f}"]
    placed: set[int] = set()
    for name, result in review.criteria.items():
        label = LETTER.get(name, "")
        head = f"{label} {name}" if label else name
        lines.append(f"  {SYMBOL[result.status]} {head:<18} {result.message}")
        for i, f in enumerate(review.findings):
            if f.criterion != name:
                continue
            placed.add(i)
            if f.message != result.message:  # a second finding on the same criterion says its own thing
                lines.append(f"      {f.message}")
            lines += _evidence(text, f)
    for i, f in enumerate(review.findings):
        if i not in placed:
            lines.append(f"  {f.severity:<7} {f.message}")
            lines += _evidence(text, f)
    return "\n".join(lines)


def _evidence(text: str, f: Any) -> list[str]:
    """The words behind a finding, underlined, with the rule id to look up (`reviewer rules <id>`)."""
    lines = []
    if 0 < f.length < len(text.strip()):
        lines.append(f"{_underline(text, f.offset, f.length)}  {f.rule}")
    else:
        lines.append(f"      {f.rule}")
    if f.replacements:
        lines.append(f"      try: {' / '.join(f.replacements)}")
    return lines


def _engine() -> Any:
    from reviewer.engine import Reviewer

    return Reviewer.from_env()


def _refused(exc: UnsupportedLanguage) -> SystemExit:
    """A text in a language no pack reviews: the API's 422, here exit status 2 (refused input)."""
    print(f"reviewer: {exc}", file=sys.stderr)
    return SystemExit(2)


def cmd_check(args: argparse.Namespace) -> int:
    request = _request(ReviewRequest, args)
    try:
        result = _engine().review_request(request)
    except UnsupportedLanguage as exc:
        raise _refused(exc) from None
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(format_review(request.text, result))
    return 0


def cmd_rewrite(args: argparse.Namespace) -> int:
    request = _request(RewriteRequest, args, max_suggestions=args.max)
    try:
        result = asyncio.run(_engine().rewrite(request))
    except UnsupportedLanguage as exc:
        raise _refused(exc) from None
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    print(format_review(request.text, result.review))
    print()
    if not result.needed:
        print(result.note or "No rewrite needed.")
        return 0
    if result.degraded:
        print(f"(model unavailable: {result.degraded_reason}; offline suggestions)")
    for i, s in enumerate(result.suggestions, 1):
        print(f"{i}. {s.text}   [{s.provider}, score {s.review.score:.2f}]")
        if s.source is not None and s.source.length < len(request.text):
            part = request.text[s.source.offset : s.source.offset + s.source.length]
            print(f"   rewrites: {part}")
        if s.placeholders:
            print(f"   fill in: {', '.join(s.placeholders)}")
        if s.assumptions:
            print(f"   assumes: {'; '.join(s.assumptions)}")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    catalog = _engine().rule_catalog
    if not args.id:
        for rule in catalog:
            print(f"{rule['id']:<44} {rule['criterion']:<15} {rule['severity']:<8} {rule['description']}")
        return 0
    rule = next((r for r in catalog if r["id"] == args.id), None)
    if rule is None:
        print(f"reviewer: no rule {args.id!r}; `reviewer rules` lists them", file=sys.stderr)
        return 2
    print(f"{rule['id']}  ({rule['criterion']}, {rule['severity']})\n")
    print(f"What it does: {rule['description']}")
    print(f"Why: {rule['source']}\n")
    for code, examples in rule["examples"].items():
        for text in examples["trigger"]:
            print(f"  [{code}] flagged:     {text}")
        for text in examples["ok"]:
            print(f"  [{code}] not flagged: {text}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from reviewer import evaluation

    report_dir = Path(args.report) if args.report else None
    code = evaluation.run(suite=args.suite, report_dir=report_dir, live=args.live)
    if args.update_baseline:
        evaluation.write_baseline(report_dir)
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    from reviewer.rewrite.llm import Settings as ModelSettings
    from reviewer.server import serve
    from reviewer.web.settings import WebSettings

    # A setting that cannot be used stops the server here, once, with exit status 2. Found in a worker it
    # would stop only that worker, which uvicorn's supervisor (--workers N) starts again, for ever.
    try:
        WebSettings.from_env()
        ModelSettings.from_env(os.environ)
        if args.log_format not in ("json", "text"):  # from REVIEWER_LOG_FORMAT: argparse checks only the option
            raise ValueError(f"REVIEWER_LOG_FORMAT: {args.log_format!r} is not json or text")
    except ValueError as exc:  # SettingsError included
        print(f"reviewer serve: {exc}", file=sys.stderr)
        return 2
    # uvicorn on uvloop + httptools with a read deadline per request (reviewer/server.py). The access log, when
    # on, shows method, route template, status, duration and sizes only; never the user's text (reviewer/web/logs.py).
    serve(args.host, args.port, workers=args.workers, access_log=args.access_log, request_timeout=args.request_timeout,
          keep_alive=args.keep_alive, log_format=args.log_format)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reviewer", description="Review marketing goals and mission statements.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("REVIEWER_WORKERS") or 1),
                       help="worker processes (default: $REVIEWER_WORKERS or 1); each holds its own engine")
    serve.add_argument("--request-timeout", type=float, default=float(os.environ.get("REVIEWER_REQUEST_TIMEOUT") or 10),
                       help="seconds a request may take to arrive whole, head and body (default 10)")
    serve.add_argument("--keep-alive", type=float, default=float(os.environ.get("REVIEWER_KEEP_ALIVE") or 5),
                       help="seconds an idle connection stays open between requests (default 5)")
    serve.add_argument("--access-log", action=argparse.BooleanOptionalAction,
                       default=os.environ.get("REVIEWER_ACCESS_LOG", "") not in ("", "0", "false", "no"),
                       help="log method, route template, status, duration and sizes of each request, never a body "
                            "(default: $REVIEWER_ACCESS_LOG or off)")
    serve.add_argument("--log-format", choices=("json", "text"),
                       default=os.environ.get("REVIEWER_LOG_FORMAT", "").strip().lower() or "json",
                       help="log lines as JSON objects or plain text (default: $REVIEWER_LOG_FORMAT or json)")
    serve.set_defaults(func=cmd_serve)

    for name, func, help_text in [
        ("check", cmd_check, "review a goal or mission"),
        ("rewrite", cmd_rewrite, "suggest better versions"),
    ]:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("text", nargs="?", help="the text, or - for standard input")
        p.add_argument("--kind", default="auto", help="auto, goal or mission")
        p.add_argument("--lang", "--language", dest="lang", default="auto",
                       help="auto, en, da, nb or sv (also nb-NO, no, DA, en-GB, …)")
        p.add_argument("--context", help='JSON, e.g. {"business_model": "b2b"}')
        p.add_argument("--today", help="resolve relative dates against this day (YYYY-MM-DD)")
        p.add_argument("--json", action="store_true", help="print the API's JSON")
        if name == "rewrite":
            p.add_argument("--max", type=int, default=3, help="how many suggestions (default 3)")
        p.set_defaults(func=func)

    rules = sub.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("id", nargs="?")
    rules.set_defaults(func=cmd_rules)

    ev = sub.add_parser("eval", help="run the eval suite")
    # Any registered suite (reviewer/evaluation/suites.py SUITE_MODULES) or "all"; an unknown name exits 2 with
    # the list, so a new suite needs no change here.
    ev.add_argument("--suite", default="rules", help="a registered suite (rules, heldout, rewrite, ...) or all")
    ev.add_argument("--report", help="write report.json and report.md here (default evals/out)")
    ev.add_argument("--live", action="store_true", help="rewrite suite: call the configured model server")
    ev.add_argument("--update-baseline", action="store_true", help="store this run as the committed baseline")
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # `reviewer rules | head`: the reader left. End quietly, without touching the process's signal
        # disposition (a server must survive clients that hang up). Python's documented recipe: point
        # stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
